using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure;

/// Thrown by a start-up step that knows exactly what is wrong: its message is the one sentence the operator reads.
public sealed class StartRefusedException(string sentence) : Exception(sentence);

/// A start (or a command) that cannot go on says so in one sentence on stderr that tells the operator what to do,
/// and ends with exit code 1, instead of an unhandled exception's stack trace and exit code 134.
public static class StartFailure
{
    public static async Task<int> ReportAsync(WebApplication app, Func<Task<int>> start)
    {
        try
        {
            return await start();
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync(Describe(ex, app.Services));
            try
            {
                // The whole exception for whoever turns the log level up; the operator's console shows the sentence.
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartFailure)).LogDebug(ex, "Start-up failed");
            }
            catch (ObjectDisposedException)
            {
                // The host disposes its services when its own start fails (invalid settings): the sentence is all there is.
            }

            return 1;
        }
    }

    public static string Describe(Exception exception, IServiceProvider services)
    {
        if (exception is StartRefusedException refused)
        {
            return refused.Message;
        }

        // Several sections wrong at once come as one AggregateException: every failure is named, not just the first.
        var invalid = exception is AggregateException { InnerExceptions: var inner } && inner.All(e => e is OptionsValidationException)
            ? inner.Cast<OptionsValidationException>().ToList()
            : exception is OptionsValidationException single ? [single] : null;
        if (invalid is not null)
        {
            return $"The configuration is not valid: {string.Join("; ", invalid.SelectMany(i => i.Failures).Distinct())}. Fix it in appsettings.json, the environment or the command line.";
        }

        try
        {
            return DescribeStorage(exception, services);
        }
        catch (ObjectDisposedException)
        {
            return $"Intranet.Blog could not start: {OneLine(exception)}";
        }
    }

    private static string DescribeStorage(Exception exception, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<IntranetOptions>>().Value;
        var data = options.DataPath;
        return exception switch
        {
            _ when options.OnPostgres && Inner<Npgsql.NpgsqlException>(exception) is { } postgres =>
                $"The PostgreSQL database {services.GetRequiredService<Database>().Location} cannot be used: {OneLine(postgres)}. Check that the server runs and Intranet:Postgres:ConnectionString.",
            UnauthorizedAccessException => $"The app cannot write to its data directory {data} (permission denied): give the user it runs as write access, or set Intranet:DataDirectory to a writable place.",
            _ => services.GetRequiredService<ReadOnlyMode>().Classify(exception) switch
            {
                StorageFault.DiskFull => $"The disk holding {data} is full ({services.GetRequiredService<ReadOnlyMode>().FreeBytes() / 1024} KB free): free some space, then start the app again.",
                StorageFault.ReadOnly => $"The data directory {data} is on a read-only file system: mount it writable, or set Intranet:DataDirectory to a writable place.",
                StorageFault.Failing => $"Reading or writing {data} failed ({OneLine(exception)}): check the disk (dmesg, fsck), then start the app again.",
                StorageFault.Damaged => $"{options.DatabasePath} is not a readable SQLite database ({OneLine(exception)}): restore a backup with `restore <file>`.",
                _ when exception is SqliteException => $"The database {options.DatabasePath} cannot be used: {OneLine(exception)}.",
                _ => $"Intranet.Blog could not start: {OneLine(exception)}",
            },
        };
    }

    private static T? Inner<T>(Exception? exception) where T : Exception =>
        exception is null ? null : exception as T ?? Inner<T>(exception.InnerException);

    private static string OneLine(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return string.Join(' ', innermost.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
    }
}
