using System.Security.Claims;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.CompanySignIn;

/// Why a company sign-in ended without a session; the failure page words each (Failed.cshtml).
public enum CompanySignInRefusal
{
    /// The provider's answer was refused (token, state, a remote error) or could not be used.
    Failed,
    /// The person cancelled at the provider, or the provider refused them.
    Denied,
    /// Nobody here has this directory id, and the person was neither matched nor created.
    Unknown,
    /// The person is known here but deactivated.
    Inactive,
    /// The identity provider could not be reached or its configuration read.
    Unavailable,
}

public sealed record CompanySignInResult(ClaimsPrincipal? Principal, CompanySignInRefusal Refusal = CompanySignInRefusal.Failed);

/// Finds the person behind a validated id_token: by directory id, else (if allowed) by an e-mail address the provider
/// has verified, else (if allowed) a new person. An unverified address never matches anyone: whoever can set an
/// address at the provider would otherwise take over the account that has it here.
public sealed class CompanySignInService(
    Database db, AccountStore accounts, Enrolment enrolment, PeopleAdminStore people, AuditStore audit, LocalPasswordPolicy local,
    IOptions<OidcOptions> options, IOptions<LdapOptions> directory, DirectoryStore directoryIds, IStringLocalizer<SharedResource> t, ILogger<CompanySignInService> logger)
{
    private const int MaxDirectoryId = 256;

    public async Task<CompanySignInResult> ResolveAsync(ClaimsPrincipal token, CancellationToken ct)
    {
        var oidc = options.Value;
        var directoryId = token.FindFirst(oidc.IdClaim)?.Value;
        if (string.IsNullOrWhiteSpace(directoryId) || directoryId.Length > MaxDirectoryId)
        {
            logger.LogWarning("Company sign-in refused: the token has no usable {Claim} claim (Intranet:Oidc:IdClaim).", oidc.IdClaim);
            return new CompanySignInResult(null);
        }

        var account = await accounts.FindByDirectoryIdAsync(directoryId, ct);
        if (account is null)
        {
            var email = VerifiedEmail(token);
            if (email is null)
            {
                logger.LogInformation("Company sign-in refused: no one has the directory id, and the token carries no verified e-mail address.");
                return new CompanySignInResult(null, CompanySignInRefusal.Unknown);
            }

            // A break-glass admin is the way in when sign-in systems fail: no provider account becomes one by address.
            account = !oidc.MatchVerifiedEmail || local.IsBreakGlass(email) ? null
                // With the directory sync on, directory ids are the directory's: the match by address is made at each
                // sign-in and stored nowhere, so the provider's subject never stands in for a directory id.
                : directory.Value.Enabled ? await accounts.FindForSignInAsync(email, ct) is { IsActive: true } found ? found : null
                : await LinkAsync(email, directoryId, ct);
            if (account is not null)
            {
                logger.LogInformation("Company sign-in: person {PersonId} matched by verified e-mail address.", account.Id);
            }
            else if (await accounts.FindForSignInAsync(email, ct) is { } holder)
            {
                // The address is taken by someone this sign-in may not become: deactivated, linked to another directory
                // id, or matching by e-mail is off.
                logger.LogInformation("Company sign-in refused: person {PersonId} has the address but was not matched.", holder.Id);
                return new CompanySignInResult(null, holder.IsActive ? CompanySignInRefusal.Unknown : CompanySignInRefusal.Inactive);
            }
            else if (oidc.CreateUnknown)
            {
                account = await CreateAsync(token, email, directoryId, ct);
                if (account is null)
                {
                    return new CompanySignInResult(null);
                }
            }
            else
            {
                logger.LogInformation("Company sign-in refused: nobody here has the directory id or the address, and Intranet:Oidc:CreateUnknown is off.");
                return new CompanySignInResult(null, CompanySignInRefusal.Unknown);
            }
        }

        if (!account.IsActive)
        {
            logger.LogInformation("Company sign-in refused: person {PersonId} is deactivated.", account.Id);
            return new CompanySignInResult(null, CompanySignInRefusal.Inactive);
        }

        return new CompanySignInResult(SignInService.Principal(account.Id, account.DisplayName, account.Role, account.Locale, account.SecurityStamp));
    }

    /// The person as the token describes them, as Staff; the same checks as the admin form's name and address.
    private async Task<SignInRecord?> CreateAsync(ClaimsPrincipal token, string email, string directoryId, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var name = errors.Text("Name", token.FindFirst("name")?.Value
            ?? $"{token.FindFirst("given_name")?.Value} {token.FindFirst("family_name")?.Value}", PersonLimits.DisplayName);
        if (errors.Any)
        {
            logger.LogWarning("Company sign-in refused: the token's name cannot be a display name here ({Errors}).", string.Join(" ", errors.All.Values));
            return null;
        }

        long id;
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            id = await enrolment.AddAsync(scope.Connection, scope.Transaction, new PersonFields(email, name, "", null, null, Roles.Staff), passwordHash: null);
            if (!directory.Value.Enabled)
            {
                await directoryIds.LinkAsync(scope.Connection, scope.Transaction, id, directoryId);
            }

            await people.RecomputeLevelsAsync(scope.Connection, scope.Transaction);
            await audit.InsertAsync(scope.Connection, scope.Transaction, id, AuditActions.PersonCreatedAtSignIn, AuditActions.Person(id), AuditActions.Details(new { email, name }));
            await scope.CommitAsync(ct);
        }

        logger.LogInformation("Company sign-in: person {PersonId} added at their first sign-in.", id);
        return await accounts.FindForSignInAsync(id, ct);
    }

    /// Stores the directory id on the active person with the address (and none yet), audited: later sign-ins match by
    /// id even after the address changes.
    private async Task<SignInRecord?> LinkAsync(string email, string directoryId, CancellationToken ct)
    {
        var linked = await accounts.LinkDirectoryIdAsync(email, directoryId, ct);
        if (linked is not null)
        {
            await using var scope = await db.BeginWriteAsync(ct);
            await audit.InsertAsync(scope.Connection, scope.Transaction, linked.Id, AuditActions.PersonLinkedAtSignIn, AuditActions.Person(linked.Id), "");
            await scope.CommitAsync(ct);
        }

        return linked;
    }

    /// The address only if the provider says it has verified it; providers send the flag as a JSON boolean or a string.
    private static string? VerifiedEmail(ClaimsPrincipal token)
    {
        var email = token.FindFirst("email")?.Value?.Trim();
        var verified = string.Equals(token.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        return verified && email is not null && PersonLimits.LooksLikeEmail(email) ? email : null;
    }
}
