using System.ComponentModel.DataAnnotations;

namespace Intranet.Blog;

/// <summary>Settings under the <c>Intranet</c> configuration section.</summary>
public sealed class IntranetOptions
{
    public const string Section = "Intranet";

    /// <summary><c>Intranet:DataDirectory</c>: holds the database, data-protection keys and uploads. Relative paths are taken from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>Intranet:DatabaseFile</c>: the SQLite file name inside the data directory.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "intranet.db";

    /// <summary><c>Intranet:SeedDemo</c>: seed the demo organisation (public passwords) on the first start of an empty data
    /// directory. Unset means on in Development only; elsewhere the first start prints a link to create the first admin.</summary>
    public bool? SeedDemo { get; set; }

    /// <summary><c>Intranet:DefaultCulture</c>: <c>de</c> or <c>en</c>, used before a person picks a language.</summary>
    [RegularExpression("^(de|en)$")]
    public string DefaultCulture { get; set; } = "de";

    /// <summary><c>Intranet:OrganisationName</c>: shown in the top bar and the page title.</summary>
    [Required, StringLength(80)]
    public string OrganisationName { get; set; } = "Intranet.Blog";

    /// <summary><c>Intranet:MigrationsDirectory</c>: where the numbered SQL files are; found next to the app when empty.</summary>
    public string? MigrationsDirectory { get; set; }

    public string DataPath => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(DataPath, DatabaseFile);
}
