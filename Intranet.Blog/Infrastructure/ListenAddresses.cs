using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Intranet.Blog.Infrastructure;

/// Before anything touches the data (lock, migrations, seeding): can the app listen where it is told to? A busy
/// port found only when Kestrel starts left a migrated, seeded database and a stack trace behind.
public static class ListenAddresses
{
    /// Kestrel's own default when neither --urls, ASPNETCORE_URLS nor ASPNETCORE_HTTP_PORTS says otherwise.
    private const string KestrelDefault = "http://localhost:5000";

    public static void EnsureFree(WebApplication app)
    {
        // A server without addresses (the test host) listens on nothing.
        if (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>() is null)
        {
            return;
        }

        foreach (var url in Configured(app.Configuration))
        {
            if (Endpoint(url) is not { } endpoint || endpoint.Port == 0)
            {
                continue;
            }

            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            try
            {
                socket.Bind(endpoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new StartRefusedException($"Port {endpoint.Port} ({url}) is in use by another program: stop it, or start the app on another port with --urls http://localhost:<port>.");
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
            {
                throw new StartRefusedException($"The app may not listen on port {endpoint.Port} ({url}): use a port above 1023 with --urls, or let a reverse proxy take port {endpoint.Port}.");
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
            {
                throw new StartRefusedException($"This machine has no address {endpoint.Address} to listen on ({url}): fix --urls or ASPNETCORE_URLS.");
            }
        }
    }

    private static IEnumerable<string> Configured(IConfiguration configuration)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = (configuration["http_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => $"http://*:{p}").ToList();
        return ports.Count > 0 ? ports : [KestrelDefault];
    }

    /// What Kestrel binds for the address: any address for *, + and host names, loopback for localhost.
    private static IPEndPoint? Endpoint(string url)
    {
        var parsed = url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsed, UriKind.Absolute, out var uri) || uri.Host == "unix" || uri.Host.StartsWith("pipe", StringComparison.Ordinal))
        {
            return null;
        }

        var address = uri.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip
            : Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;
        return new IPEndPoint(address, uri.Port);
    }
}
