using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure.Search;
using Npgsql;

namespace Intranet.Blog.Tests.Support;

/// Every SQL statement the app writes out: the stores keep their SQL in string constants named ...Sql (composed at
/// compile time from fragments named ...Columns and the like), so every such constant that begins like a statement,
/// named Type.Field, split at the semicolons between statements.
public static partial class Statements
{
    public static IEnumerable<(string Name, string Sql)> All() =>
        from type in typeof(Program).Assembly.GetTypes()
        from field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        where field is { IsLiteral: true, IsInitOnly: false } && field.FieldType == typeof(string) && field.Name.EndsWith("Sql", StringComparison.Ordinal)
        let text = (string)field.GetRawConstantValue()!
        where StatementStart().IsMatch(text)
        let parts = Split(text)
        from part in parts.Select((sql, i) => (sql, i))
        select ($"{Name(type)}.{field.Name}{(parts.Count > 1 ? $"#{part.i + 1}" : "")}", part.sql);

    /// The statements composed per engine: whatever takes a SearchIndex (the stores that search) builds its
    /// statements from it once, in fields named _…Sql. Each such type is made with the given index (its other
    /// dependencies null, which building the statements never touches) and its statements read back.
    public static IEnumerable<(string Name, string Sql)> Composed(SearchIndex index) =>
        from type in typeof(Program).Assembly.GetTypes()
        where !type.IsAbstract
        from constructor in type.GetConstructors()
        let parameters = constructor.GetParameters()
        where parameters.Any(p => p.ParameterType == typeof(SearchIndex))
        let instance = constructor.Invoke(parameters.Select(p => p.ParameterType == typeof(SearchIndex) ? index : null).ToArray())
        from field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        where field.FieldType == typeof(string) && field.Name.EndsWith("Sql", StringComparison.Ordinal)
        select ($"{Name(type)}.{field.Name}", (string)field.GetValue(instance)!);

    /// PREPAREs a statement on PostgreSQL without running it: the server parses it, resolves every table, column,
    /// function and operator, and infers the parameters' types. Dapper's @Name parameters become $1..$n (a list
    /// parameter, `IN @Ids`, one value). The app sends every parameter typed (a number or a string), so where the
    /// statement alone does not decide a type, typings the app could send are tried. Null when it prepares, else
    /// PostgreSQL's message.
    public static async Task<string?> PrepareAsync(NpgsqlConnection connection, string sql)
    {
        var names = new List<string>();
        var numbered = Parameter().Replace(Lists().Replace(sql, m => $"IN ({m.Groups[1].Value})"), m =>
        {
            if (m.Groups["quoted"].Success)
            {
                return m.Value;
            }

            var index = names.FindIndex(n => string.Equals(n, m.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                names.Add(m.Groups["name"].Value);
                index = names.Count - 1;
            }

            return $"${index + 1}";
        });
        // First as PostgreSQL infers the parameters, then with the ones it names as undecided (or deduced two ways) typed
        // as a number, else as a string; then every parameter as a number but one, which is a string. Never as a flag:
        // the app sends flags as the numbers 0 and 1 its columns hold (DapperSetup), so `WHEN @flag` is no condition.
        var types = names.Select(_ => "unknown").ToArray();
        var first = await TryAsync(connection, numbered, types);
        var error = first;
        int? last = null;
        while (true)
        {
            if (error is { SqlState: "42P18" or "42P08" } && UndecidedParameter(error.MessageText) is { } undecided && types[undecided] == "unknown")
            {
                types[undecided] = "bigint";
                last = undecided;
            }
            else if (error is { SqlState: "42883" or "42804" } && last is { } guessed && types[guessed] == "bigint")
            {
                types[guessed] = "text"; // "operator does not exist: text = bigint": it is a string
            }
            else
            {
                break;
            }

            error = await TryAsync(connection, numbered, types);
        }

        for (var i = -1; error is not null && i < types.Length; i++)
        {
            foreach (var other in (string[])["text"])
            {
                error = await TryAsync(connection, numbered, types.Select((_, j) => j == i ? other : "bigint").ToArray());
                if (error is null || i < 0)
                {
                    break;
                }
            }
        }

        // What to report when no typing helps: the first failure, unless it was only about a parameter's type.
        var report = first is { SqlState: "42P18" or "42P08" } ? error : first;
        return error is null ? null : $"{report!.SqlState}: {report.MessageText}";
    }

    private static async Task<PostgresException?> TryAsync(NpgsqlConnection connection, string sql, string[] types)
    {
        try
        {
            await using var prepare = new NpgsqlCommand(
                types.Length == 0 ? $"PREPARE portable_check AS {sql}" : $"PREPARE portable_check ({string.Join(", ", types)}) AS {sql}", connection);
            await prepare.ExecuteNonQueryAsync();
            await using var deallocate = new NpgsqlCommand("DEALLOCATE portable_check", connection);
            await deallocate.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException ex)
        {
            return ex;
        }
    }

    private static int? UndecidedParameter(string message) =>
        Regex.Match(message, @"parameter \$(\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1 : null;

    private static string Name(Type type) => type.DeclaringType is { } outer ? $"{Name(outer)}.{type.Name}" : type.Name;

    /// The statements in a constant, split at semicolons outside quotes; empty pieces dropped.
    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }

            if (c == ';' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    [GeneratedRegex(@"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatementStart();

    [GeneratedRegex(@"'(?:[^']|'')*'(?<quoted>)|@(?<name>[A-Za-z_]\w*)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\bIN\s+(@\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex Lists();
}
