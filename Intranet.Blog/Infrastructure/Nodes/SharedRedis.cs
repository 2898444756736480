using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Intranet.Blog.Infrastructure.Nodes;

/// Several nodes (Intranet:Redis): the one Redis connection a node keeps, shared by SignalR's backplane and by what
/// the nodes hold in common beyond the database (who is reading what, the rate limits). It is made at the start, which
/// ends with one sentence when the server cannot be reached; a connection lost later is made again by the client while
/// the node goes on serving (pushes then reach only its own screens, which catch up when they reconnect).
public sealed class SharedRedis(IOptions<IntranetOptions> options) : IAsyncDisposable
{
    /// Every key of this app starts so, and every channel unless the setting names its own prefix (channelPrefix=…),
    /// so one Redis server can serve other programs beside it. Two installations on one server take a database number
    /// (defaultDatabase=…) and a channel prefix each: channels are the server's, whatever the database.
    public const string Prefix = "intranet:";

    /// The setting as the node's connections use it: the backplane's and this one.
    public static ConfigurationOptions Settings(string configuration)
    {
        var settings = ConfigurationOptions.Parse(configuration);
        settings.AbortOnConnectFail = false;
        // While Redis is down a command fails at once instead of waiting in the client's backlog for up to 5 s: a
        // page's live connection (the backplane subscribes for it) and every write would wait that long. Nothing
        // is lost by it: when Redis is back every node closes its live connections, and the pages catch up.
        settings.BacklogPolicy = BacklogPolicy.FailFast;
        if (settings.ChannelPrefix.IsNullOrEmpty)
        {
            settings.ChannelPrefix = RedisChannel.Literal(Prefix);
        }

        settings.ClientName ??= "intranet-blog-" + Environment.MachineName;
        return settings;
    }

    private readonly Lazy<Task<IConnectionMultiplexer>> _connection = new(() => ConnectAsync(options.Value.Redis!));

    public Task<IConnectionMultiplexer> ConnectionAsync() => _connection.Value;

    /// The database, or at once a RedisConnectionException while the connection is down: the callers fall back to what
    /// the node knows itself, instead of each request waiting out the client's 5 s backlog first.
    public async Task<IDatabase> DatabaseAsync()
    {
        var connection = await ConnectionAsync();
        return connection.IsConnected ? connection.GetDatabase() : throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected");
    }

    public static RedisKey Key(string name) => Prefix + name;

    /// A channel of this app's (the connection adds the prefix).
    public static RedisChannel Channel(string name) => RedisChannel.Literal(name);

    private static async Task<IConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var settings = Settings(configuration);
        var connection = await ConnectionMultiplexer.ConnectAsync(settings);
        if (!connection.IsConnected)
        {
            var endpoints = string.Join(", ", settings.EndPoints);
            await connection.DisposeAsync();
            throw new StartRefusedException(!await RefusedPasswordAsync(settings)
                ? $"The Redis server at {endpoints} (Intranet:Redis) cannot be reached. Check that it runs and that this machine may connect to it."
                : settings.Password is null
                    ? $"The Redis server at {endpoints} (Intranet:Redis) asks for a password, and the setting gives none: add password=… (and user=… for an ACL user)."
                    : $"The Redis server at {endpoints} (Intranet:Redis) refused the password (or user) of the setting. Check password= (and user=) against the server's requirepass or ACL.");
        }

        return connection;
    }

    /// The client reconnecting in the background keeps a wrong password to itself; one attempt that gives up at once
    /// reports why, so the operator is not sent looking for a server that runs.
    private static async Task<bool> RefusedPasswordAsync(ConfigurationOptions settings)
    {
        var once = settings.Clone();
        once.AbortOnConnectFail = true;
        once.ConnectRetry = 1;
        try
        {
            await (await ConnectionMultiplexer.ConnectAsync(once)).DisposeAsync();
            return false;
        }
        catch (RedisConnectionException ex)
        {
            return ex.FailureType == ConnectionFailureType.AuthenticationFailure;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }
}
