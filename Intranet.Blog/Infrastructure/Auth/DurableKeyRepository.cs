using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Intranet.Blog.Infrastructure.Auth;

/// The data-protection keys in data/keys, written durably (see DurableFile). A key file that cannot be read (empty
/// or cut short by a crash) is moved aside with a warning naming it, and the key manager makes a new key: people
/// sign in again, instead of every page that needs a key answering 500 from then on.
public sealed partial class DurableKeyRepository(DirectoryInfo directory, TimeProvider clock, ILogger<DurableKeyRepository> logger)
    : FileSystemXmlRepository(directory, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
{
    public override IReadOnlyCollection<XElement> GetAllElements()
    {
        if (!Directory.Exists)
        {
            return [];
        }

        var elements = new List<XElement>();
        foreach (var file in Directory.EnumerateFiles("*.xml"))
        {
            try
            {
                elements.Add(XElement.Load(file.FullName));
            }
            catch (XmlException ex)
            {
                var name = file.FullName;
                var aside = $"{name}.damaged-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
                file.MoveTo(aside);
                logger.LogWarning("The data-protection key file {File} is damaged ({Reason}) and was moved to {Aside}. A new key is made; people sign in again.",
                    name, ex.Message, aside);
            }
        }

        return elements;
    }

    public override void StoreElement(XElement element, string friendlyName)
    {
        Directory.Create();
        var name = SafeName().IsMatch(friendlyName) ? friendlyName : Guid.NewGuid().ToString();
        DurableFile.Write(Path.Combine(Directory.FullName, name + ".xml"), element.Save);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex SafeName();
}
