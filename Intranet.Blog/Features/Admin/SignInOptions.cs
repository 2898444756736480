using System.ComponentModel.DataAnnotations;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Admin;

/// <summary>Settings under <c>Intranet:SignIn</c>. With a company sign-in configured (<c>Intranet:Ldap:SignIn</c> or
/// <c>Intranet:Oidc</c>), <c>LocalPasswords=false</c> switches passwords kept here off for everyone except the
/// administrators named in <c>BreakGlassAdmins</c> (by e-mail), who can still sign in when the directory or the
/// identity provider is down.</summary>
public sealed class SignInOptions
{
    public const string Section = "Intranet:SignIn";

    public bool LocalPasswords { get; set; } = true;

    [MaxLength(20)]
    public List<string> BreakGlassAdmins { get; set; } = [];
}

/// Refuses LocalPasswords=false while no company sign-in could replace them: nobody but break-glass admins could sign in.
/// It reads the settings themselves, so a wrong directory setting is reported once, by the directory's own check.
public sealed class SignInOptionsCheck(IConfiguration configuration) : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options) =>
        options.LocalPasswords || configuration.GetValue<bool>("Intranet:Ldap:SignIn") || !string.IsNullOrWhiteSpace(configuration["Intranet:Oidc:Authority"])
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Intranet:SignIn:LocalPasswords=false needs a company sign-in: Intranet:Ldap:SignIn=true or Intranet:Oidc.");
}

/// Who may use a password kept here: nobody whose directory checks their password (LDAP sign-in), and with local
/// passwords off only the named break-glass administrators. It lives with the admin screens that issue password
/// links, below the directory feature, so it reads the directory's one sign-in switch from the configuration.
public sealed class LocalPasswordPolicy(IOptions<SignInOptions> options, IConfiguration configuration)
{
    private readonly bool _ldapSignIn = configuration.GetValue<bool>("Intranet:Ldap:SignIn");

    public bool Enabled => options.Value.LocalPasswords;

    public IReadOnlyList<string> BreakGlassAdmins => options.Value.BreakGlassAdmins;

    /// Whether the directory checks this person's password. Never for a break-glass admin: their way in must not
    /// depend on the directory, even if an entry was linked to them before they were named.
    public bool ByDirectory(string email, string? directoryId) => _ldapSignIn && directoryId is not null && !IsBreakGlass(email);

    public bool AllowedFor(string email, string role, string? directoryId) =>
        !ByDirectory(email, directoryId) && (options.Value.LocalPasswords || (role == Roles.Admin && IsBreakGlass(email)));

    public bool IsBreakGlass(string email) => options.Value.BreakGlassAdmins.Any(a => string.Equals(a.Trim(), email, StringComparison.OrdinalIgnoreCase));
}
