using System.Data.Common;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Admin;

/// Loads an org chart from a CSV export, all or nothing. Everything is checked first, against the file and the
/// people already there, inside the write transaction; any problem is reported with its line and nothing is
/// written. An e-mail that already exists updates that person's name, title, department and manager; role,
/// password and active state stay. New people get no password, so they cannot sign in until an admin sets one.
public sealed class ImportService(
    Database db, PeopleAdminStore users, Enrolment enrolment, DepartmentStore departments, AuditStore audit, IStringLocalizer<SharedResource> t)
{
    public async Task<ImportOutcome> ImportAsync(long actorId, ImportInput input, CancellationToken ct)
    {
        var (text, problem) = await ReadAsync(input, ct);
        if (problem is not null)
        {
            return Failed([new ImportProblem(0, problem)]);
        }

        var file = OrgCsv.Parse(text!);
        await using var scope = await db.BeginWriteAsync(ct);
        var chart = await users.OrgChartAsync(scope.Connection, scope.Transaction);
        var known = await departments.AllAsync(scope.Connection, scope.Transaction);
        var people = chart.Select(e => e.Email).Concat(file.Rows.Select(r => r.Email)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = file.Issues.Select(i => new ImportProblem(i.Line, t[i.Message, i.Args]))
            .Concat(Validate(file.Rows, chart))
            .Concat(ValidateDepartments(file.Rows, known, people)).ToList();
        if (problems.Count > 0)
        {
            return Failed(problems);
        }

        var summary = await WriteAsync(scope.Connection, scope.Transaction, file.Rows, chart);
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.OrgImported, "csv",
            AuditActions.Details(new { created = summary.Created, updated = summary.Updated, departmentsCreated = summary.DepartmentsCreated }));
        await scope.CommitAsync(ct);
        return new ImportOutcome([], summary);
    }

    private static ImportOutcome Failed(IEnumerable<ImportProblem> problems) =>
        new(problems.OrderBy(p => p.Line).ToList(), null);

    private async Task<(string? Text, string? Problem)> ReadAsync(ImportInput input, CancellationToken ct)
    {
        var hasFile = input.File is { Length: > 0 };
        var hasText = !string.IsNullOrWhiteSpace(input.Text);
        if (hasFile && hasText)
        {
            return (null, t["Choose a file or paste the text, not both."]);
        }

        if (!hasFile && !hasText)
        {
            return (null, t["Choose a CSV file or paste its content."]);
        }

        var tooLarge = t["The file is larger than {0} MB. Please split it into smaller files.", OrgCsv.MaxBytes / 1024 / 1024];
        if (hasText)
        {
            return input.Text!.Length > OrgCsv.MaxBytes ? (null, tooLarge) : (input.Text, null);
        }

        if (input.File!.Length > OrgCsv.MaxBytes)
        {
            return (null, tooLarge);
        }

        using var buffer = new MemoryStream((int)input.File.Length);
        await using (var stream = input.File.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }

        return (OrgCsv.Decode(buffer.ToArray()), null);
    }

    private IEnumerable<ImportProblem> Validate(IReadOnlyList<OrgCsvRow> rows, IReadOnlyList<OrgEntry> chart)
    {
        var problems = new List<ImportProblem>();
        var existing = new Dictionary<string, OrgEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in chart)
        {
            existing.TryAdd(entry.Email, entry);
        }

        // First the fields of each line, and each e-mail once.
        var inFile = new Dictionary<string, OrgCsvRow>(StringComparer.OrdinalIgnoreCase);
        var managerOk = new HashSet<OrgCsvRow>();
        foreach (var row in rows)
        {
            var errors = new FieldErrors(t);
            errors.Text("Name", row.Name, PersonLimits.DisplayName);
            var emailOk = EmailField(errors, "E-mail address", row.Email, required: true);
            errors.Text("Department", row.Department, PersonLimits.DepartmentName, required: false);
            errors.Text("Job title", row.Title, PersonLimits.Title, required: false);
            if (EmailField(errors, "Manager (e-mail address)", row.ManagerEmail, required: false) && row.ManagerEmail.Length > 0)
            {
                managerOk.Add(row);
            }

            problems.AddRange(errors.All.Values.Select(message => new ImportProblem(row.Line, message)));
            if (emailOk && !inFile.TryAdd(row.Email, row))
            {
                problems.Add(new ImportProblem(row.Line, t["The e-mail address {0} already appears on line {1}.", row.Email, inFile[row.Email].Line]));
            }
        }

        // Then the managers: each one known, and the resulting chart free of cycles, existing people included.
        foreach (var row in managerOk)
        {
            if (string.Equals(row.ManagerEmail, row.Email, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ImportProblem(row.Line, t["A person cannot be their own manager."]));
            }
            else if (!inFile.ContainsKey(row.ManagerEmail) && !existing.ContainsKey(row.ManagerEmail))
            {
                problems.Add(new ImportProblem(row.Line, t["The manager {0} is neither in the file nor an existing person.", row.ManagerEmail]));
            }
        }

        var emailById = chart.ToDictionary(e => e.Id, e => e.Email);
        string? ManagerOf(string email)
        {
            if (inFile.TryGetValue(email, out var row))
            {
                var known = managerOk.Contains(row) && (inFile.ContainsKey(row.ManagerEmail) || existing.ContainsKey(row.ManagerEmail));
                return known && !string.Equals(row.ManagerEmail, email, StringComparison.OrdinalIgnoreCase) ? row.ManagerEmail : null;
            }

            return existing.TryGetValue(email, out var entry) && entry.ManagerId is { } id ? emailById[id] : null;
        }

        problems.AddRange(Cycles(inFile, ManagerOf));
        return problems;
    }

    /// What the file says about departments' places in the tree and their heads: on each line about the line's
    /// department, the same wherever it is said; the heads exist; and the tree, existing departments included, has
    /// no cycle.
    private IEnumerable<ImportProblem> ValidateDepartments(IReadOnlyList<OrgCsvRow> rows, IReadOnlyList<Department> existing, IReadOnlySet<string> people)
    {
        var problems = new List<ImportProblem>();
        var parents = new Dictionary<string, OrgCsvRow>(StringComparer.OrdinalIgnoreCase);
        var heads = new Dictionary<string, OrgCsvRow>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Where(r => r.ParentDepartment.Length > 0 || r.DepartmentHead.Length > 0))
        {
            var errors = new FieldErrors(t);
            errors.Text("Parent department", row.ParentDepartment, PersonLimits.DepartmentName, required: false);
            var headOk = EmailField(errors, "Head of department (e-mail address)", row.DepartmentHead, required: false);
            problems.AddRange(errors.All.Values.Select(message => new ImportProblem(row.Line, message)));
            if (row.Department.Length == 0)
            {
                problems.Add(new ImportProblem(row.Line, t["A parent department or a head needs the line's department."]));
                continue;
            }

            if (row.ParentDepartment.Length > 0 && !errors.All.ContainsKey("Parent department"))
            {
                if (string.Equals(row.ParentDepartment, row.Department, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new ImportProblem(row.Line, t["A department cannot be part of itself."]));
                }
                else if (!parents.TryAdd(row.Department, row) && !string.Equals(parents[row.Department].ParentDepartment, row.ParentDepartment, StringComparison.OrdinalIgnoreCase))
                {
                    var first = parents[row.Department];
                    problems.Add(new ImportProblem(row.Line, t["Line {0} puts {1} under {2}; this line under {3}.", first.Line, row.Department, first.ParentDepartment, row.ParentDepartment]));
                }
            }

            if (row.DepartmentHead.Length > 0 && headOk)
            {
                if (!people.Contains(row.DepartmentHead))
                {
                    problems.Add(new ImportProblem(row.Line, t["The head {0} is neither in the file nor an existing person.", row.DepartmentHead]));
                }
                else if (!heads.TryAdd(row.Department, row) && !string.Equals(heads[row.Department].DepartmentHead, row.DepartmentHead, StringComparison.OrdinalIgnoreCase))
                {
                    var first = heads[row.Department];
                    problems.Add(new ImportProblem(row.Line, t["Line {0} names {1} as head of {2}; this line {3}.", first.Line, first.DepartmentHead, row.Department, row.DepartmentHead]));
                }
            }
        }

        // The tree after the import: existing parents, then what the file says.
        var names = existing.ToDictionary(d => d.Id, d => d.Name);
        var parentOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in existing.Where(d => d.ParentId is { } p && names.ContainsKey(p)))
        {
            parentOf[d.Name] = names[d.ParentId!.Value];
        }

        foreach (var (department, row) in parents)
        {
            parentOf[department] = row.ParentDepartment;
        }

        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var start in parents.Keys)
        {
            var path = new List<string>();
            for (var current = start; current is not null && path.Count <= parentOf.Count; current = parentOf.GetValueOrDefault(current))
            {
                var index = path.FindIndex(p => string.Equals(p, current, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    var cycle = path[index..];
                    if (reported.Add(string.Join("|", cycle.Order(StringComparer.OrdinalIgnoreCase))))
                    {
                        var chain = string.Join(" → ", cycle.Append(cycle[0]));
                        foreach (var name in cycle.Where(parents.ContainsKey))
                        {
                            problems.Add(new ImportProblem(parents[name].Line, t["The departments form a cycle: {0}.", chain]));
                        }
                    }

                    break;
                }

                path.Add(current);
            }
        }

        return problems;
    }

    /// Follows each line's manager chain once (white/grey/black marking); a chain that meets itself is a cycle,
    /// reported on every line of the file that belongs to it.
    private IEnumerable<ImportProblem> Cycles(Dictionary<string, OrgCsvRow> inFile, Func<string, string?> managerOf)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var start in inFile.Keys)
        {
            var path = new List<string>();
            var onPath = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var current = start; current is not null && !done.Contains(current); current = managerOf(current))
            {
                if (onPath.TryGetValue(current, out var index))
                {
                    var cycle = path[index..];
                    var chain = string.Join(" → ", cycle.Append(cycle[0]));
                    foreach (var email in cycle.Where(inFile.ContainsKey))
                    {
                        yield return new ImportProblem(inFile[email].Line, t["The managers form a cycle: {0}.", chain]);
                    }

                    break;
                }

                onPath[current] = path.Count;
                path.Add(current);
            }

            done.UnionWith(path);
        }
    }

    private bool EmailField(FieldErrors errors, string field, string value, bool required)
    {
        errors.Text(field, value, PersonLimits.Email, required: required);
        if (value.Length > 0 && !errors.All.ContainsKey(field) && !PersonLimits.LooksLikeEmail(value))
        {
            errors.Add(field, t["{0} does not look like an e-mail address.", value]);
        }

        return !errors.All.ContainsKey(field);
    }

    private async Task<ImportSummary> WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OrgCsvRow> rows, IReadOnlyList<OrgEntry> chart)
    {
        var departmentIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var department in await departments.AllAsync(connection, transaction))
        {
            departmentIds.TryAdd(department.Name, department.Id);
        }

        var departmentsCreated = 0;
        foreach (var name in rows.SelectMany(r => new[] { r.Department, r.ParentDepartment }).Where(n => n.Length > 0))
        {
            if (!departmentIds.ContainsKey(name))
            {
                departmentIds[name] = await departments.InsertAsync(connection, transaction, name);
                departmentsCreated++;
            }
        }

        // Validation proved the resulting tree free of cycles, so the order of these moves does not matter.
        foreach (var row in rows.Where(r => r.ParentDepartment.Length > 0).DistinctBy(r => r.Department, StringComparer.OrdinalIgnoreCase))
        {
            await departments.SetParentAsync(connection, transaction, departmentIds[row.Department], departmentIds[row.ParentDepartment]);
        }

        var existing = new Dictionary<string, OrgEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in chart)
        {
            existing.TryAdd(entry.Email, entry);
        }

        var ids = existing.ToDictionary(e => e.Key, e => e.Value.Id, StringComparer.OrdinalIgnoreCase);
        var created = 0;
        foreach (var row in rows.Where(r => !ids.ContainsKey(r.Email)))
        {
            // Managers may come later in the file, so everyone exists before any manager is set.
            ids[row.Email] = await enrolment.AddAsync(connection, transaction,
                new PersonFields(row.Email, row.Name, row.Title, null, null, Roles.Staff), passwordHash: null);
            created++;
        }

        var fields = rows.Select(r => new OrgFields(
            ids[r.Email], r.Name, r.Title,
            r.Department.Length > 0 ? departmentIds[r.Department] : null,
            r.ManagerEmail.Length > 0 ? ids[r.ManagerEmail] : null)).ToList();
        await users.SetOrgFieldsAsync(connection, transaction, fields);
        await enrolment.MovedAsync(connection, transaction,
            rows.Zip(fields, (r, f) => (f.Id, existing.GetValueOrDefault(r.Email)?.DepartmentId, f.DepartmentId)));
        await users.RecomputeLevelsAsync(connection, transaction);
        foreach (var row in rows.Where(r => r.DepartmentHead.Length > 0).DistinctBy(r => r.Department, StringComparer.OrdinalIgnoreCase))
        {
            await departments.SetHeadAsync(connection, transaction, departmentIds[row.Department], ids[row.DepartmentHead]);
        }

        return new ImportSummary(created, rows.Count - created, departmentsCreated);
    }
}
