using System.Data;
using Dapper;

namespace Intranet.Blog.Infrastructure.Db;

public static class DapperSetup
{
    public static void Configure()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UnixMsHandler());
    }

    /// Times are stored as INTEGER unix milliseconds, UTC; this is the one place that converts.
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private sealed class UnixMsHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = ToUnixMs(value);
        }

        public override DateTimeOffset Parse(object value) => FromUnixMs(Convert.ToInt64(value));
    }
}
