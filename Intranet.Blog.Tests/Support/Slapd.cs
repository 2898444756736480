using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;

namespace Intranet.Blog.Tests.Support;

/// A real OpenLDAP server (Debian's slapd) on a loopback port of its own, with its own configuration and database in
/// a temporary directory, seeded with a small organisation before it starts (slapadd, which also gives every entry
/// its entryUUID). Tests change the directory through Admin(), as an administrator of the directory would.
public sealed class Slapd : IAsyncDisposable
{
    public const string Program = "/usr/sbin/slapd";
    public const string Install = "sudo apt-get install slapd ldap-utils";
    public const string Suffix = "dc=example,dc=test";
    public const string People = "ou=people," + Suffix;
    public const string Departments = "ou=departments," + Suffix;
    public const string AdminDn = "cn=admin," + Suffix;
    public const string AdminPassword = "directory-admin-secret";
    public const string ReaderDn = "cn=reader," + Suffix;
    public const string ReaderPassword = "reader-secret-4711";

    private readonly string _directory;
    private readonly Process _process;

    // Whatever a test did not stop (a teardown that threw, a run cut short) ends with the test process, not later.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = new();

    static Slapd() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    };

    private Slapd(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// The app's settings for this directory (reading with the reader account, no TLS on loopback).
    public Dictionary<string, string> Settings(bool signIn = false, int intervalMinutes = 0) => new()
    {
        ["Intranet:Ldap:Host"] = "127.0.0.1",
        ["Intranet:Ldap:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Intranet:Ldap:Security"] = "None",
        ["Intranet:Ldap:BindDn"] = ReaderDn,
        ["Intranet:Ldap:BindPassword"] = ReaderPassword,
        ["Intranet:Ldap:BaseDn"] = People,
        ["Intranet:Ldap:DepartmentsBaseDn"] = Departments,
        ["Intranet:Ldap:AdminGroup"] = "cn=intranet-admins,ou=groups," + Suffix,
        ["Intranet:Ldap:ExecutiveGroup"] = "cn=executives,ou=groups," + Suffix,
        ["Intranet:Ldap:SignIn"] = signIn ? "true" : "false",
        ["Intranet:Ldap:SyncIntervalMinutes"] = intervalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<Slapd> StartAsync(string seedLdif)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"intranet-slapd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, "db"));
        var config = Path.Combine(directory, "slapd.conf");
        await File.WriteAllTextAsync(config, $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include /etc/ldap/schema/nis.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile {directory}/slapd.pid
            database mdb
            maxsize 104857600
            suffix "{Suffix}"
            rootdn "{AdminDn}"
            rootpw {AdminPassword}
            directory {directory}/db
            access to attrs=userPassword by self auth by anonymous auth by * none
            access to * by * read
            """);
        var seed = Path.Combine(directory, "seed.ldif");
        await File.WriteAllTextAsync(seed, Base() + seedLdif);
        await RunAsync("/usr/sbin/slapadd", "-f", config, "-l", seed);

        var port = FreePort();
        // -d 0 keeps it in the foreground, so it ends with the test run instead of living on as a daemon.
        var process = Process.Start(new ProcessStartInfo(Program)
        {
            ArgumentList = { "-f", config, "-h", $"ldap://127.0.0.1:{port}/", "-d", "0" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Running[process.Id] = process;
        var slapd = new Slapd(directory, process, port);
        for (var i = 0; ; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return slapd;
            }
            catch (SocketException) when (i < 100 && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// A hung server: connections are still accepted by the kernel, but nothing answers until Resume.
    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    private void Signal(string signal) => Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public LdapConnection Admin()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", Port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind(new NetworkCredential(AdminDn, AdminPassword));
        return connection;
    }

    public void Add(string dn, params (string Name, string Value)[] attributes)
    {
        using var admin = Admin();
        var request = new AddRequest(dn);
        foreach (var group in attributes.GroupBy(a => a.Name))
        {
            request.Attributes.Add(new DirectoryAttribute(group.Key, group.Select(a => (object)a.Value).ToArray()));
        }

        admin.SendRequest(request);
    }

    public void Replace(string dn, string attribute, params string[] values)
    {
        using var admin = Admin();
        var modification = new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Replace };
        foreach (var value in values)
        {
            modification.Add(value);
        }

        admin.SendRequest(new ModifyRequest(dn, modification));
    }

    public void Replace(string dn, string attribute, byte[] value)
    {
        using var admin = Admin();
        admin.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, attribute, value));
    }

    public void Delete(string dn)
    {
        using var admin = Admin();
        admin.SendRequest(new DeleteRequest(dn));
    }

    /// An inetOrgPerson under ou=people, as LDIF for the seed.
    public static string Person(string uid, string name, string mail, string? title = null, string? department = null, string? manager = null, string? password = null)
    {
        var lines = new List<string>
        {
            $"dn: uid={uid},{People}", "objectClass: inetOrgPerson", $"uid: {uid}", $"cn: {name}", $"sn: {name.Split(' ')[^1]}",
            $"displayName: {name}", $"mail: {mail}",
        };
        lines.AddRange(new[] { ("title", title), ("departmentNumber", department), ("manager", manager is null ? null : $"uid={manager},{People}"), ("userPassword", password) }
            .Where(a => a.Item2 is not null).Select(a => $"{a.Item1}: {a.Item2}"));
        return "\n" + string.Join("\n", lines) + "\n\n";
    }

    public static string PersonDn(string uid) => $"uid={uid},{People}";

    public static string Unit(string name, string parentDn) => $"\ndn: ou={name},{parentDn}\nobjectClass: organizationalUnit\nou: {name}\n\n";

    public static string Group(string cn, params string[] memberUids) =>
        $"\ndn: cn={cn},ou=groups,{Suffix}\nobjectClass: groupOfNames\ncn: {cn}\n"
        + string.Concat(memberUids.Select(uid => $"member: uid={uid},{People}\n")) + "\n";

    private static string Base() => $"""
        dn: {Suffix}
        objectClass: dcObject
        objectClass: organization
        o: Example
        dc: example

        dn: {People}
        objectClass: organizationalUnit
        ou: people

        dn: {Departments}
        objectClass: organizationalUnit
        ou: departments

        dn: ou=groups,{Suffix}
        objectClass: organizationalUnit
        ou: groups

        dn: {ReaderDn}
        objectClass: simpleSecurityObject
        objectClass: organizationalRole
        cn: reader
        userPassword: {ReaderPassword}

        """;

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(_process.Id, out _);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary directory is left for the system to clear.
        }
    }
}
