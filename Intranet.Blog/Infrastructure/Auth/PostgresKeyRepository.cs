using System.Xml;
using System.Xml.Linq;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Intranet.Blog.Infrastructure.Auth;

/// Intranet:Database=postgres: the data-protection keys in the database (migrations/postgres/0052), shared by every
/// node, where DurableKeyRepository keeps them in the data directory on SQLite. A key another node made is found when
/// a cookie signed with it first arrives here: the key manager reads the keys again for an id it does not know.
/// Written outside the app's write queue: a key is made once in 90 days, takes no write lock, and a second node
/// making one at the same moment only adds a second key, which both then know.
public sealed class PostgresKeyRepository(PostgresDatabase db, TimeProvider clock, ILogger<PostgresKeyRepository> logger) : IXmlRepository
{
    private const string AllSql = "SELECT name, xml FROM postgres_data_protection_keys ORDER BY created_at, name";

    internal const string StoreSql = """
        INSERT INTO postgres_data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now)
            ON CONFLICT (name) DO NOTHING
        """;

    // The key manager asks synchronously, rarely (at the first request, then about once a day).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.OpenNpgsql();
        var elements = new List<XElement>();
        foreach (var (name, xml) in connection.Query<(string Name, string Xml)>(AllSql))
        {
            try
            {
                elements.Add(XElement.Parse(xml));
            }
            catch (XmlException ex)
            {
                // As with a damaged key file: the key is left out, a new one is made, and people sign in again.
                logger.LogWarning("The data-protection key {Name} in the database is damaged ({Reason}) and is not used. A new key is made; people sign in again.",
                    name, ex.Message);
            }
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.OpenNpgsql();
        connection.Execute(StoreSql, new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = clock.GetUtcNow() });
    }
}
