using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Intranet.Blog.Tests.Support;

/// Debian's HAProxy running deploy/haproxy.cfg, the deployment's own file, on loopback in front of app nodes: TLS
/// with a certificate made for the test, a cookie that keeps each browser on one node, health checks on /readyz.
public sealed class Haproxy : IAsyncDisposable
{
    public const string Program = "/usr/sbin/haproxy";
    public const string Install = "sudo apt-get install haproxy";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private Haproxy(Process process, string directory, Uri address) => (_process, _directory, Address) = (process, directory, address);

    /// https://127.0.0.1:port/ (the certificate is the test's own: a browser must be told to accept it).
    public Uri Address { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// nodes: the app nodes in the order of the file's servers (a, b).
    public static async Task<Haproxy> StartAsync(params Uri[] nodes)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"intranet-haproxy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var certificate = Path.Combine(directory, "intranet.pem");
        await File.WriteAllTextAsync(certificate, SelfSigned());
        var (http, https) = (AppProcess.FreePort(), AppProcess.FreePort());
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-f", Path.Combine(AppContext.BaseDirectory, "deploy", "haproxy.cfg"), "-db"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PROXY_HTTP"] = $"127.0.0.1:{http.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["PROXY_HTTPS"] = $"127.0.0.1:{https.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["PROXY_CERTIFICATE"] = certificate;
        start.Environment["NODE_A"] = nodes[0].Authority;
        start.Environment["NODE_B"] = nodes[1].Authority;
        var process = Process.Start(start)!;
        var proxy = new Haproxy(process, directory, new Uri($"https://127.0.0.1:{https.ToString(CultureInfo.InvariantCulture)}/"));
        process.OutputDataReceived += (_, e) => proxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; ; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", https);
                return proxy;
            }
            catch (SocketException) when (i < 100 && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                await proxy.DisposeAsync();
                throw new AssertionException("HAProxy did not start:\n" + proxy.Log);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
