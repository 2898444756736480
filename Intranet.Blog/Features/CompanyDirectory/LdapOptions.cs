using System.ComponentModel.DataAnnotations;

namespace Intranet.Blog.Features.CompanyDirectory;

/// How the directory is reached: Ldaps (port 636), StartTls on a plain port, or None, which is only allowed to a
/// directory on this machine (loopback), where no password crosses a network.
public enum LdapSecurity
{
    Ldaps,
    StartTls,
    None,
}

/// <summary>Settings under <c>Intranet:Ldap</c>: the company directory (OpenLDAP or Active Directory) that people,
/// departments and reporting lines are synchronised from, and optionally signed in against. Without a host the
/// directory is off. The defaults fit OpenLDAP with inetOrgPerson; the README gives the Active Directory values.
/// The bind password comes from the environment (<c>Intranet__Ldap__BindPassword</c>) or another secret store, never
/// from the database, and is never logged.</summary>
public sealed class LdapOptions : IValidatableObject
{
    public const string Section = "Intranet:Ldap";

    /// <summary><c>Intranet:Ldap:Host</c>: the directory server. Empty switches the directory off.</summary>
    [StringLength(253)]
    public string? Host { get; set; }

    [Range(0, 65535)]
    public int Port { get; set; }

    public LdapSecurity Security { get; set; } = LdapSecurity.Ldaps;

    /// <summary>The account the sync reads with (a read-only service account).</summary>
    [StringLength(500)]
    public string? BindDn { get; set; }

    public string? BindPassword { get; set; }

    /// <summary>Where people are searched, e.g. <c>ou=people,dc=example,dc=com</c>.</summary>
    [StringLength(500)]
    public string? BaseDn { get; set; }

    /// <summary>Which entries are people. Active Directory: only enabled user accounts, see the README.</summary>
    [StringLength(1000)]
    public string UserFilter { get; set; } = "(objectClass=inetOrgPerson)";

    /// <summary>The attribute that identifies a person for good (OpenLDAP <c>entryUUID</c>, AD <c>objectGUID</c>).</summary>
    [Required, StringLength(64)]
    public string IdAttribute { get; set; } = "entryUUID";

    [Required, StringLength(64)]
    public string EmailAttribute { get; set; } = "mail";

    /// <summary>The display name; <c>cn</c> when an entry has none.</summary>
    [Required, StringLength(64)]
    public string NameAttribute { get; set; } = "displayName";

    [StringLength(64)]
    public string? TitleAttribute { get; set; } = "title";

    /// <summary>The department's name on a person (OpenLDAP <c>departmentNumber</c> or <c>ou</c>, AD <c>department</c>).</summary>
    [StringLength(64)]
    public string? DepartmentAttribute { get; set; } = "departmentNumber";

    /// <summary>The manager's distinguished name on a person (<c>manager</c> in both).</summary>
    [StringLength(64)]
    public string? ManagerAttribute { get; set; } = "manager";

    /// <summary>A photo (OpenLDAP <c>jpegPhoto</c>, AD <c>thumbnailPhoto</c>), taken as the profile picture when present.</summary>
    [StringLength(64)]
    public string? PhotoAttribute { get; set; } = "jpegPhoto";

    /// <summary>Optional: where the departments are as organisational units; their nesting in the directory becomes
    /// the nesting of departments (a unit inside another belongs to it). A unit's name is its <c>ou</c>.</summary>
    [StringLength(500)]
    public string? DepartmentsBaseDn { get; set; }

    [StringLength(1000)]
    public string DepartmentFilter { get; set; } = "(objectClass=organizationalUnit)";

    /// <summary>Optional groups (distinguished names) whose members get a role; a person in several gets the highest.
    /// When any is set, the directory decides the role of everyone it holds (Staff when in none).</summary>
    [StringLength(500)]
    public string? AdminGroup { get; set; }

    [StringLength(500)]
    public string? ExecutiveGroup { get; set; }

    /// <summary>How often the sync runs by itself; 0 runs it only when an admin starts it.</summary>
    [Range(0, 7 * 24 * 60)]
    public int SyncIntervalMinutes { get; set; } = 60;

    /// <summary>A scheduled sync that would deactivate more than this share of the people from the directory is not
    /// applied (a wrong filter or base reads as everyone leaving); an admin sees the preview and applies it by hand.</summary>
    [Range(0.0, 1.0)]
    public double MaxLeavingShare { get; set; } = 0.1;

    /// <summary><c>Intranet:Ldap:SignIn</c>: people from the directory sign in with their directory password (an LDAP
    /// bind as themselves), not with a password kept here.</summary>
    public bool SignIn { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort() => Port > 0 ? Port : Security == LdapSecurity.Ldaps ? 636 : 389;

    public bool MapsRoles() => !string.IsNullOrWhiteSpace(AdminGroup) || !string.IsNullOrWhiteSpace(ExecutiveGroup);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            if (SignIn)
            {
                yield return new ValidationResult("Intranet:Ldap:SignIn needs Intranet:Ldap:Host.", [nameof(SignIn)]);
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(BaseDn))
        {
            yield return new ValidationResult("Intranet:Ldap:BaseDn must name where people are, such as 'ou=people,dc=example,dc=com'.", [nameof(BaseDn)]);
        }

        if (string.IsNullOrEmpty(BindDn) != string.IsNullOrEmpty(BindPassword))
        {
            yield return new ValidationResult("Intranet:Ldap:BindDn and Intranet:Ldap:BindPassword are set together or not at all.", [nameof(BindDn)]);
        }

        if (Security == LdapSecurity.None && !IsLoopback(Host!))
        {
            yield return new ValidationResult("Intranet:Ldap:Security=None is only allowed to a directory on this machine; use Ldaps or StartTls.", [nameof(Security)]);
        }

        if (!UserFilter.StartsWith('(') || !UserFilter.EndsWith(')') || !DepartmentFilter.StartsWith('(') || !DepartmentFilter.EndsWith(')'))
        {
            yield return new ValidationResult("Intranet:Ldap:UserFilter and DepartmentFilter are LDAP filters in parentheses, such as '(objectClass=inetOrgPerson)'.", [nameof(UserFilter)]);
        }
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
