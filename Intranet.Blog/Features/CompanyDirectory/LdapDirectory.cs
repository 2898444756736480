using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.CompanyDirectory;

/// One person as the directory holds them, before any of the app's rules are applied.
public sealed record DirectoryPerson(string Id, string Dn, string Email, string Name, string Title, string Department, string? ManagerDn, byte[]? Photo);

/// An organisational unit that is a department, and the unit it sits in (null at the top).
public sealed record DirectoryUnit(string Name, string? ParentName);

/// Everything one sync reads: people, departments, and the role each person's groups give (by normalised DN).
/// Skipped names entries that are not people the app can take (no e-mail, no id).
public sealed record DirectorySnapshot(
    IReadOnlyList<DirectoryPerson> People, IReadOnlyList<DirectoryUnit> Units, IReadOnlyDictionary<string, string> RoleByDn, IReadOnlyList<string> Skipped);

public enum BindOutcome { Ok, Wrong, Unavailable }

/// The directory seen through LDAP: reads everyone for a sync (paged, so a directory of 50,000 is read in pages of
/// 500 and an Active Directory's 1,000-entry limit does not cut it off), and checks a person's own password by
/// binding as them. Calls are blocking in System.DirectoryServices.Protocols, so they run on the thread pool.
public sealed partial class LdapDirectory(IOptions<LdapOptions> options, ILogger<LdapDirectory> logger)
{
    private const int PageSize = 500;

    /// A directory that accepts the connection and then never answers (a hung server) would hold a sign-in or a
    /// sync forever: every request has this limit, and the whole call a limit around it, since a blocked bind does
    /// not honour the connection's timeout.
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SignInTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromMinutes(5);

    public LdapOptions Options => options.Value;

    /// Throws TimeoutException when the directory does not answer in time.
    public Task<DirectorySnapshot> ReadAsync(CancellationToken ct) => Task.Run(() => Read(ct), ct).WaitAsync(ReadTimeout, ct);

    /// The person's own password, checked by binding as them (found by their directory id with the service account).
    /// An empty password is refused here: LDAP treats a bind with a name and no password as anonymous, which succeeds.
    public async Task<BindOutcome> VerifyAsync(string directoryId, string password, CancellationToken ct)
    {
        try
        {
            return await Task.Run(() => Verify(directoryId, password), ct).WaitAsync(SignInTimeout, ct);
        }
        catch (TimeoutException)
        {
            logger.LogError("The directory did not answer a sign-in within {Seconds} s.", SignInTimeout.TotalSeconds);
            return BindOutcome.Unavailable;
        }
    }

    private BindOutcome Verify(string directoryId, string password)
    {
        if (password.Length == 0)
        {
            return BindOutcome.Wrong;
        }

        string dn;
        try
        {
            using var service = Connect();
            BindService(service);
            var o = Options;
            var filter = $"(&{o.UserFilter}({o.IdAttribute}={EscapeId(directoryId)}))";
            var found = (SearchResponse)service.SendRequest(new SearchRequest(o.BaseDn, filter, SearchScope.Subtree, "1.1"), RequestTimeout);
            if (found.Entries.Count != 1)
            {
                return BindOutcome.Wrong;
            }

            dn = found.Entries[0].DistinguishedName;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            logger.LogError("The directory could not be searched for a sign-in: {Message}", e.Message);
            return BindOutcome.Unavailable;
        }

        try
        {
            using var own = Connect();
            own.Bind(new NetworkCredential(dn, password));
            return BindOutcome.Ok;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            return BindOutcome.Wrong;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            logger.LogError("The directory could not check a password: {Message}", e.Message);
            return BindOutcome.Unavailable;
        }
    }

    private const int InvalidCredentials = 49;

    private DirectorySnapshot Read(CancellationToken ct)
    {
        var o = Options;
        using var connection = Connect();
        BindService(connection);
        var attributes = new[] { o.IdAttribute, o.EmailAttribute, o.NameAttribute, "cn", o.TitleAttribute, o.DepartmentAttribute, o.ManagerAttribute, o.PhotoAttribute }
            .OfType<string>().Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var people = new List<DirectoryPerson>();
        var skipped = new List<string>();
        foreach (var entry in Search(connection, o.BaseDn!, o.UserFilter, attributes, ct))
        {
            var id = Id(entry, o.IdAttribute);
            var email = Text(entry, o.EmailAttribute);
            if (id.Length == 0 || email.Length == 0)
            {
                skipped.Add(entry.DistinguishedName);
                continue;
            }

            var name = Text(entry, o.NameAttribute) is { Length: > 0 } display ? display : Text(entry, "cn");
            people.Add(new DirectoryPerson(id, entry.DistinguishedName, email, name.Length > 0 ? name : email,
                Text(entry, o.TitleAttribute), Text(entry, o.DepartmentAttribute),
                Text(entry, o.ManagerAttribute) is { Length: > 0 } manager ? manager : null, Bytes(entry, o.PhotoAttribute)));
        }

        return new DirectorySnapshot(people, Units(connection, ct), Roles(connection), skipped);
    }

    /// Departments from organisational units: a unit's department is its nearest ancestor among the units found.
    private List<DirectoryUnit> Units(LdapConnection connection, CancellationToken ct)
    {
        var o = Options;
        if (string.IsNullOrWhiteSpace(o.DepartmentsBaseDn))
        {
            return [];
        }

        var baseDn = NormalizeDn(o.DepartmentsBaseDn);
        var names = new Dictionary<string, string>();
        foreach (var entry in Search(connection, o.DepartmentsBaseDn, o.DepartmentFilter, ["ou"], ct))
        {
            var dn = NormalizeDn(entry.DistinguishedName);
            if (dn != baseDn && Text(entry, "ou") is { Length: > 0 } name)
            {
                names[dn] = name;
            }
        }

        return names.Select(unit =>
        {
            for (var parent = ParentDn(unit.Key); parent is not null; parent = ParentDn(parent))
            {
                if (names.TryGetValue(parent, out var parentName))
                {
                    return new DirectoryUnit(unit.Value, parentName);
                }
            }

            return new DirectoryUnit(unit.Value, null);
        }).ToList();
    }

    /// The role each member's groups give; the highest wins. Members are read from the group's member attribute.
    private Dictionary<string, string> Roles(LdapConnection connection)
    {
        var o = Options;
        var roleByDn = new Dictionary<string, string>();
        foreach (var (group, role) in new[] { (o.ExecutiveGroup, Infrastructure.Auth.Roles.Executive), (o.AdminGroup, Infrastructure.Auth.Roles.Admin) })
        {
            if (string.IsNullOrWhiteSpace(group))
            {
                continue;
            }

            var response = (SearchResponse)connection.SendRequest(new SearchRequest(group, "(objectClass=*)", SearchScope.Base, "member"), RequestTimeout);
            foreach (var member in response.Entries.Cast<SearchResultEntry>().SelectMany(e => Texts(e, "member")))
            {
                roleByDn[NormalizeDn(member)] = role;
            }
        }

        return roleByDn;
    }

    private LdapConnection Connect()
    {
        var o = Options;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(o.Host, o.EffectivePort()))
        {
            AuthType = AuthType.Basic,
            Timeout = RequestTimeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (o.Security == LdapSecurity.Ldaps)
        {
            connection.SessionOptions.SecureSocketLayer = true;
        }
        else if (o.Security == LdapSecurity.StartTls)
        {
            connection.SessionOptions.StartTransportLayerSecurity(null);
        }

        return connection;
    }

    private void BindService(LdapConnection connection)
    {
        var o = Options;
        if (string.IsNullOrEmpty(o.BindDn))
        {
            connection.AuthType = AuthType.Anonymous;
            connection.Bind();
        }
        else
        {
            connection.Bind(new NetworkCredential(o.BindDn, o.BindPassword));
        }
    }

    private static IEnumerable<SearchResultEntry> Search(LdapConnection connection, string baseDn, string filter, string[] attributes, CancellationToken ct)
    {
        var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes);
        var paging = new PageResultRequestControl(PageSize);
        request.Controls.Add(paging);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var response = (SearchResponse)connection.SendRequest(request, RequestTimeout);
            foreach (SearchResultEntry entry in response.Entries)
            {
                yield return entry;
            }

            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is not { Length: > 0 })
            {
                yield break;
            }

            paging.Cookie = cookie;
        }
    }

    /// Active Directory's objectGUID is 16 bytes; it is kept as the GUID's usual text, and searched for byte by byte.
    private static bool IsGuid(string attribute) => attribute.Equals("objectGUID", StringComparison.OrdinalIgnoreCase);

    private static string Id(SearchResultEntry entry, string attribute) =>
        IsGuid(attribute)
            ? Bytes(entry, attribute) is { Length: 16 } guid ? new Guid(guid).ToString() : ""
            : Text(entry, attribute);

    private string EscapeId(string id) =>
        IsGuid(Options.IdAttribute) && Guid.TryParse(id, out var guid)
            ? string.Concat(guid.ToByteArray().Select(b => $"\\{b:x2}"))
            : EscapeFilter(id);

    /// RFC 4515: the characters with a meaning in a filter, and NUL, are written as \hh.
    public static string EscapeFilter(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c is '*' or '(' or ')' or '\\' or '\0' ? $"\\{(int)c:x2}" : c);
        }

        return escaped.ToString();
    }

    private static DirectoryAttribute? Attribute(SearchResultEntry entry, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        foreach (string key in entry.Attributes.AttributeNames)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Attributes[key];
            }
        }

        return null;
    }

    private static IEnumerable<string> Texts(SearchResultEntry entry, string? name) =>
        Attribute(entry, name) is { } attribute ? attribute.GetValues(typeof(string)).Cast<string>() : [];

    private static string Text(SearchResultEntry entry, string? name) => Texts(entry, name).FirstOrDefault()?.Trim() ?? "";

    private static byte[]? Bytes(SearchResultEntry entry, string? name) =>
        Attribute(entry, name) is { Count: > 0 } attribute ? attribute.GetValues(typeof(byte[])).Cast<byte[]>().FirstOrDefault() : null;

    /// DNs compare without case and without the spaces some directories put after commas.
    public static string NormalizeDn(string dn) =>
        string.Join(",", RdnSeparator().Split(dn).Select(part => part.Trim().ToLowerInvariant()));

    private static string? ParentDn(string normalized) =>
        RdnSeparator().Match(normalized) is { Success: true } comma ? normalized[(comma.Index + 1)..] : null;

    // A comma inside a value is escaped as "\,", so only unescaped commas separate the parts of a DN.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\\),")]
    private static partial System.Text.RegularExpressions.Regex RdnSeparator();
}
