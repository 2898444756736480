using System.ComponentModel.DataAnnotations;

namespace Intranet.Blog;

/// <summary>Settings under the <c>Intranet</c> configuration section.</summary>
public sealed class IntranetOptions : IValidatableObject
{
    public const string Section = "Intranet";

    /// <summary><c>Intranet:DataDirectory</c>: holds the database, data-protection keys and uploads. Relative paths are taken from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>Intranet:Database</c>: <c>sqlite</c> (the default: one file in the data directory) or <c>postgres</c>
    /// (a PostgreSQL database that several app nodes can share, given by <c>Intranet:Postgres:ConnectionString</c>).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Intranet:Database must be sqlite or postgres.")]
    public string Database { get; set; } = "sqlite";

    public bool OnPostgres => Database == "postgres";

    public PostgresSettings Postgres { get; set; } = new();

    /// <summary><c>Intranet:Redis</c>: where the Redis server is (StackExchange.Redis's form, e.g.
    /// <c>redis:6379,password=…</c>), for several nodes on one PostgreSQL database: live updates, who is reading
    /// and rate limits then reach across nodes. Empty (the default): one node.</summary>
    [StringLength(1000)]
    public string? Redis { get; set; }

    public bool SeveralNodes => !string.IsNullOrWhiteSpace(Redis);

    /// <summary><c>Intranet:UploadsDirectory</c>: where uploaded images are kept; empty means <c>uploads</c> in the data
    /// directory. Several nodes on PostgreSQL share one (a network file system), each with a data directory of its own.</summary>
    [StringLength(4096)]
    public string? UploadsDirectory { get; set; }

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

    /// <summary><c>Intranet:MigrationsDirectory</c>: the folder of the numbered SQL files, one folder per database engine in it (<c>sqlite/</c>, <c>postgres/</c>); found next to the app when empty.</summary>
    public string? MigrationsDirectory { get; set; }

    /// <summary><c>Intranet:TimeZone</c>: the organisation's time zone (an IANA id such as <c>Europe/Berlin</c>), in which its
    /// working hours count for response targets. A department may set its own.</summary>
    [Required, StringLength(64)]
    public string TimeZone { get; set; } = "Europe/Berlin";

    /// <summary><c>Intranet:WorkDays</c>: the organisation's working days, English day abbreviations separated by commas.</summary>
    [Required, RegularExpression("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(,(Mon|Tue|Wed|Thu|Fri|Sat|Sun))*$")]
    public string WorkDays { get; set; } = "Mon,Tue,Wed,Thu,Fri";

    /// <summary><c>Intranet:WorkStart</c> and <c>Intranet:WorkEnd</c>: when the organisation's working day starts and ends (HH:mm, local time).</summary>
    [Required, RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    public string WorkStart { get; set; } = "08:00";

    [Required, RegularExpression("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
    public string WorkEnd { get; set; } = "18:00";

    /// <summary><c>Intranet:ReadRetentionDays</c>: how long after a post is published the record of who saw or opened it is
    /// kept per person. Then those rows are deleted; the post keeps only its counts (per department, level and time
    /// since publishing), and nobody's later opening of it is recorded.</summary>
    [Range(7, 3650)]
    public int ReadRetentionDays { get; set; } = 90;

    /// <summary><c>Intranet:LeadershipUpToLevel</c> and <c>Intranet:ManagementUpToLevel</c>: the hierarchy bands analytics
    /// shows. Levels 1 to the first are leadership, up to the second middle management, everyone below staff.</summary>
    [Range(1, 50)]
    public int LeadershipUpToLevel { get; set; } = 2;

    [Range(1, 50)]
    public int ManagementUpToLevel { get; set; } = 3;

    /// <summary><c>Intranet:HelpfulColleagues</c>: whether the analytics dashboard names helpful colleagues per department
    /// (from answers accepted, helpful marks received and guides written). A works agreement may require it off.</summary>
    public bool HelpfulColleagues { get; set; } = true;

    /// A zone the system does not know, or a day that ends before it starts, stops the start with the setting's name.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Intranet:TimeZone: unknown time zone '{TimeZone}'.", [nameof(TimeZone)]);
        }

        if (ManagementUpToLevel < LeadershipUpToLevel)
        {
            yield return new ValidationResult("Intranet:ManagementUpToLevel must not be below Intranet:LeadershipUpToLevel.", [nameof(ManagementUpToLevel)]);
        }

        if (OnPostgres && Postgres.Problem() is { } problem)
        {
            yield return new ValidationResult(problem, ["Postgres"]);
        }

        if (!OnPostgres && SharedUploads)
        {
            yield return new ValidationResult(
                "Intranet:UploadsDirectory is for several nodes on PostgreSQL; on SQLite the uploads stay in the data directory, whose backups carry them.",
                [nameof(UploadsDirectory)]);
        }

        if (SeveralNodes && RedisProblem() is { } redis)
        {
            yield return new ValidationResult(redis, [nameof(Redis)]);
        }

        if (string.CompareOrdinal(WorkStart, WorkEnd) >= 0)
        {
            yield return new ValidationResult("Intranet:WorkEnd must be after Intranet:WorkStart.", [nameof(WorkEnd)]);
        }
    }

    private string? RedisProblem()
    {
        if (!OnPostgres)
        {
            return "Intranet:Redis joins several nodes, which share one PostgreSQL database: set Intranet:Database=postgres as well (one SQLite file serves one node, which needs no Redis).";
        }

        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(Redis!);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"Intranet:Redis is not a setting Redis's client understands: {ex.Message}";
        }
    }

    public string DataPath => Path.GetFullPath(DataDirectory);

    public string UploadsPath => SharedUploads ? Path.GetFullPath(UploadsDirectory!) : Path.Combine(DataPath, "uploads");

    /// The uploads are on a folder several nodes share (Intranet:UploadsDirectory), another disk than the data
    /// directory's; it must never be made by a node, and missing it is this node's fault alone.
    public bool SharedUploads => !string.IsNullOrWhiteSpace(UploadsDirectory);

    /// The shared uploads folder is gone (a share that came unmounted).
    public bool SharedUploadsMissing => SharedUploads && !Directory.Exists(UploadsPath);

    public string DatabasePath => Path.Combine(DataPath, DatabaseFile);
}

/// <summary>Settings under <c>Intranet:Postgres</c>.</summary>
public sealed class PostgresSettings
{
    /// <summary><c>Intranet:Postgres:ConnectionString</c>: Npgsql's form, e.g. <c>Host=db;Database=intranet;Username=intranet;Password=…</c>
    /// (better given by environment variable, <c>Intranet__Postgres__ConnectionString</c>, than written into a file).</summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>Intranet:Postgres:Tools</c>: the folder of PostgreSQL's client tools (pg_dump, pg_restore, psql) that
    /// <c>backup</c> and <c>restore</c> run, of the server's version or newer; empty means found on the PATH.</summary>
    [StringLength(4096)]
    public string? Tools { get; set; }

    /// Why the connection string cannot work, in one sentence; null when it can.
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return "Intranet:Database is postgres, so Intranet:Postgres:ConnectionString must say where the database is (Host=…;Database=…;Username=…).";
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"Intranet:Postgres:ConnectionString is not a connection string PostgreSQL's client understands: {ex.Message}";
        }
    }
}
