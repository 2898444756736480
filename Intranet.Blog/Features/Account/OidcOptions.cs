using System.ComponentModel.DataAnnotations;

namespace Intranet.Blog.Features.Account;

/// <summary>Settings under <c>Intranet:Oidc</c>: sign-in with the company account through OpenID Connect (authorization
/// code flow with PKCE). Off until <c>Authority</c> and <c>ClientId</c> are set. The client secret comes from the
/// environment (<c>Intranet__Oidc__ClientSecret</c>) or another secret store, never from the database, and is never logged.</summary>
public sealed class OidcOptions : IValidatableObject
{
    public const string Section = "Intranet:Oidc";

    /// <summary><c>Intranet:Oidc:Authority</c>: the provider's issuer address, e.g. a Keycloak realm
    /// (https://login.example.com/realms/staff). Its discovery document is read from /.well-known/openid-configuration.</summary>
    public string? Authority { get; set; }

    /// <summary><c>Intranet:Oidc:ClientId</c>: the client registered for this app at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary><c>Intranet:Oidc:ClientSecret</c>: the confidential client's secret; empty for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>Intranet:Oidc:DisplayName</c>: the account's name on the sign-in button ("Mit {DisplayName} anmelden");
    /// empty means "Firmenkonto" / "company account".</summary>
    [StringLength(40)]
    public string? DisplayName { get; set; }

    /// <summary><c>Intranet:Oidc:IdClaim</c>: the token claim whose value is the person's directory id (users.directory_id).</summary>
    public string IdClaim { get; set; } = "sub";

    /// <summary><c>Intranet:Oidc:MatchVerifiedEmail</c>: when nobody has the token's directory id yet, the active person with
    /// the token's e-mail address signs in, but only if the provider marks the address verified (email_verified); the
    /// directory id is then stored on them.</summary>
    public bool MatchVerifiedEmail { get; set; } = true;

    /// <summary><c>Intranet:Oidc:CreateUnknown</c>: people the app does not know yet are added as Staff from the token's name
    /// and verified e-mail address; otherwise they are refused with <c>AdminContact</c> to ask.</summary>
    public bool CreateUnknown { get; set; }

    /// <summary><c>Intranet:Oidc:AdminContact</c>: whom refused people ask, e.g. "IT-Service, Tel. 1234".</summary>
    [StringLength(200)]
    public string? AdminContact { get; set; }

    /// <summary><c>Intranet:Oidc:Scopes</c>: the scopes asked for, separated by spaces; openid is required.</summary>
    public string Scopes { get; set; } = "openid profile email";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    // Methods, not properties: option validation reads every property, also of options that are not valid yet.
    public IReadOnlyList<string> ScopeList() => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// Plain http is only for a provider on this machine (a test or a local trial), where nothing crosses a network.
    public bool AuthorityIsLoopback() =>
        Uri.TryCreate(Authority, UriKind.Absolute, out var url) && (url.IsLoopback || (System.Net.IPAddress.TryParse(url.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) != string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Intranet:Oidc:Authority and Intranet:Oidc:ClientId are set together or not at all.", [nameof(Authority)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var url) || url.Query.Length > 0 || url.Fragment.Length > 0
            || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && AuthorityIsLoopback())))
        {
            yield return new ValidationResult("Intranet:Oidc:Authority must be the provider's https:// address, such as https://login.example.com/realms/staff (plain http only to a provider on this machine).", [nameof(Authority)]);
        }

        if (string.IsNullOrWhiteSpace(IdClaim) || IdClaim.Length > 100)
        {
            yield return new ValidationResult("Intranet:Oidc:IdClaim must name the token claim that carries the directory id, such as sub.", [nameof(IdClaim)]);
        }

        if (!ScopeList().Contains("openid"))
        {
            yield return new ValidationResult("Intranet:Oidc:Scopes must contain openid, e.g. 'openid profile email'.", [nameof(Scopes)]);
        }
    }
}
