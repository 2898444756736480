using System.Security.Claims;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Intranet.Blog.Features.Account;

/// Unavailable: the directory that checks this person's password cannot be reached.
public enum SignInOutcome { Success, Invalid, LockedOut, Unavailable }

public sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal = null, DateTimeOffset? LockedUntil = null);

/// Failed attempts slow the next answer down, then lock the account for a while. An unknown address gets the
/// same answer and about the same work as a wrong password, so the form does not reveal who has an account. People
/// from the directory, with LDAP sign-in on, are checked by the directory (a bind as them) under the same throttles.
public sealed class SignInService(AccountStore accounts, AddressThrottle addresses, LocalPasswordPolicy local, LdapDirectory directory, TimeProvider clock)
{
    public const int LockAfterFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);
    private static readonly string DummyHash = Passwords.Hash("not-a-real-password");

    public async Task<SignInResult> SignInAsync(string email, string password, string address, CancellationToken ct)
    {
        if (await addresses.IsBlockedAsync(address))
        {
            return new SignInResult(SignInOutcome.LockedOut);
        }

        var account = await accounts.FindForSignInAsync(email.Trim(), ct);
        var byDirectory = account is not null && local.ByDirectory(account.Email, account.DirectoryId);
        if (account is null || !account.IsActive
            || (!byDirectory && (account.PasswordHash is null || !local.AllowedFor(account.Email, account.Role, account.DirectoryId))))
        {
            Passwords.Verify(DummyHash, password);
            await addresses.FailedAsync(address);
            await Task.Delay(SlowDown(1), ct);
            return new SignInResult(SignInOutcome.Invalid);
        }

        var now = clock.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: until);
        }

        var (ok, rehash) = (false, (string?)null);
        if (byDirectory)
        {
            var checkedByDirectory = await directory.VerifyAsync(account.DirectoryId!, password, ct);
            if (checkedByDirectory == BindOutcome.Unavailable)
            {
                return new SignInResult(SignInOutcome.Unavailable);
            }

            ok = checkedByDirectory == BindOutcome.Ok;
        }
        else
        {
            (ok, rehash) = Passwords.Verify(account.PasswordHash!, password);
        }

        if (!ok)
        {
            await addresses.FailedAsync(address);
            var failures = await accounts.RecordFailedSignInAsync(account.Id, LockAfterFailures, now + LockDuration, ct);
            if (failures >= LockAfterFailures)
            {
                return new SignInResult(SignInOutcome.LockedOut, LockedUntil: now + LockDuration);
            }

            await Task.Delay(SlowDown(failures), ct);
            return new SignInResult(SignInOutcome.Invalid);
        }

        await accounts.RecordSignInAsync(account.Id, rehash, ct);
        return new SignInResult(SignInOutcome.Success, Principal(account.Id, account.DisplayName, account.Role, account.Locale, account.SecurityStamp));
    }

    public static ClaimsPrincipal Principal(long id, string name, string role, string locale, string stamp) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, name),
                new Claim(ClaimTypes.Role, role),
                new Claim(CurrentUser.LocaleClaim, locale),
                new Claim(CurrentUser.StampClaim, stamp),
                // Each sign-in is a session of its own, so signing out ends this one and no other device's.
                new Claim(CurrentUser.SessionClaim, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme));

    private static TimeSpan SlowDown(int failures) => TimeSpan.FromMilliseconds(Math.Min(200 * failures, 2000));
}
