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
        SqlMapper.AddTypeHandler(typeof(DateTimeOffset), new UnixMsHandler());
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(typeof(bool), new FlagHandler());
    }

    /// Times are stored as INTEGER unix milliseconds, UTC; this is the one place that converts.
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    // Handlers of their own (not TypeHandler<T>, which leaves a null untyped): a null time or flag is sent as a null
    // number too, which PostgreSQL needs to know the type of `@publishAt IS NULL`; SQLite does not mind either way.
    private sealed class UnixMsHandler : SqlMapper.ITypeHandler
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value is DateTimeOffset time ? ToUnixMs(time) : DBNull.Value;
        }

        public object Parse(Type destinationType, object value) => FromUnixMs(Convert.ToInt64(value));
    }

    /// Flags are stored as INTEGER 0 and 1 on both engines, so a flag parameter is sent as that number: PostgreSQL
    /// compares no boolean with a bigint column (SQLite turned a boolean into 0 or 1 itself). A condition on a flag
    /// parameter says `@flag = 1`. Read back from a column (0, 1) or a condition (SQLite's 0 or 1, PostgreSQL's boolean).
    private sealed class FlagHandler : SqlMapper.ITypeHandler
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value is bool flag ? (flag ? 1L : 0L) : DBNull.Value;
        }

        public object Parse(Type destinationType, object value) => value is bool flag ? flag : Convert.ToInt64(value) != 0;
    }
}
