using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Support;

/// The app's connection factory on a directory of the test's own, outside any app.
public static class Connections
{
    public static SqliteDatabase For(string dataDirectory) => For(Options.Create(new IntranetOptions { DataDirectory = dataDirectory }));

    public static SqliteDatabase For(IOptions<IntranetOptions> options) =>
        new(options, new ReadOnlyMode(options, TimeProvider.System, NullLogger<ReadOnlyMode>.Instance), TimeProvider.System);
}
