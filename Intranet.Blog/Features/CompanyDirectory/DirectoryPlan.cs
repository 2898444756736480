using System.Security.Cryptography;
using System.Text;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Auth;

namespace Intranet.Blog.Features.CompanyDirectory;

/// Why a sync cannot be applied: an English sentence (the resource key) and its values, worded in the reader's language.
public sealed record DirectoryProblem(string Message, params object[] Args);

/// One person in a plan. PersonId is null for someone new; Changes names the fields that change (name, email, title,
/// department, manager, role) with their new values, for the preview.
public sealed record PlannedPerson(long? PersonId, string Name, string Email, IReadOnlyList<(string Field, string Value)> Changes);

/// What a sync would do, worked out against the database inside the sync's transaction. Problems stop it as a whole
/// (nothing is written), as with the CSV import. Skipped are directory entries the app cannot take (no e-mail or id).
public sealed record DirectoryPlan(
    IReadOnlyList<PlannedPerson> New, IReadOnlyList<PlannedPerson> Changed, IReadOnlyList<PlannedPerson> Leaving, IReadOnlyList<PlannedPerson> Returning,
    IReadOnlyList<DirectoryProblem> Problems, IReadOnlyList<string> Skipped, IReadOnlyList<string> NewDepartments,
    IReadOnlyList<(string Department, string? Parent)> DepartmentMoves, int Linked)
{
    public bool IsEmpty => New.Count + Changed.Count + Leaving.Count + Returning.Count + NewDepartments.Count + DepartmentMoves.Count == 0;

    /// Names the plan, so "apply" can tell whether the directory or the people changed since the preview was shown.
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var (kind, people) in new[] { ("new", New), ("changed", Changed), ("leaving", Leaving), ("returning", Returning) })
        {
            foreach (var p in people)
            {
                text.Append(kind).Append('|').Append(p.PersonId).Append('|').Append(p.Email).Append('|')
                    .AppendJoin(';', p.Changes.Select(c => c.Field + "=" + c.Value)).Append('\n');
            }
        }

        text.AppendJoin('\n', NewDepartments).Append('\n').AppendJoin('\n', DepartmentMoves.Select(m => m.Department + ">" + m.Parent));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}

/// The person as the app will hold them, after the app's limits: text cut to the field lengths, the manager as the
/// directory names them (a DN, resolved when writing).
public sealed record DirectoryTarget(DirectoryPerson Entry, string Email, string Name, string Title, string Department, string? ManagerDirectoryId, string? Role);

/// Works out a plan from what the directory holds and what the database holds. Pure, so the rules are tested without
/// a directory: who is new, who is matched (by directory id, else once by e-mail), who left, who came back.
public static class DirectoryPlanner
{
    public static (DirectoryPlan Plan, IReadOnlyList<(DirectoryTarget Target, DirectoryRow? Row)> Matches) Plan(
        DirectorySnapshot snapshot, IReadOnlyList<DirectoryRow> rows, IReadOnlyList<Department> departments, bool mapsRoles,
        IReadOnlyCollection<string>? breakGlass = null)
    {
        // Break-glass accounts are the way in when the directory fails: no directory entry may take one over, which an
        // entry carrying its address would do (its password, its role).
        var guarded = (breakGlass ?? []).Select(e => e.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<DirectoryProblem>();
        var byDirectoryId = rows.Where(r => r.DirectoryId is not null).ToDictionary(r => r.DirectoryId!);
        var byEmail = rows.ToDictionary(r => r.Email, StringComparer.OrdinalIgnoreCase);
        var idByDn = new Dictionary<string, string>();
        foreach (var person in snapshot.People)
        {
            idByDn.TryAdd(LdapDirectory.NormalizeDn(person.Dn), person.Id);
        }

        var present = snapshot.People.Select(p => p.Id).ToHashSet();
        var targets = new List<DirectoryTarget>();
        var seenIds = new HashSet<string>();
        var seenEmails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in snapshot.People)
        {
            var email = person.Email.Trim();
            if (!PersonLimits.LooksLikeEmail(email))
            {
                problems.Add(new("{0}: '{1}' is not an e-mail address the app can use.", person.Dn, Cut(email, 80)));
                continue;
            }

            if (!seenIds.Add(person.Id))
            {
                problems.Add(new("{0}: the id {1} appears twice in the directory.", person.Dn, person.Id));
                continue;
            }

            if (!seenEmails.TryAdd(email, person.Dn))
            {
                problems.Add(new("{0}: the e-mail address {1} also belongs to {2}.", person.Dn, email, seenEmails[email]));
                continue;
            }

            var managerId = person.ManagerDn is { } dn && idByDn.TryGetValue(LdapDirectory.NormalizeDn(dn), out var m) && m != person.Id ? m : null;
            var role = mapsRoles ? snapshot.RoleByDn.GetValueOrDefault(LdapDirectory.NormalizeDn(person.Dn), Roles.Staff) : null;
            targets.Add(new DirectoryTarget(person, email, Cut(person.Name, PersonLimits.DisplayName), Cut(person.Title, PersonLimits.Title),
                Cut(person.Department, PersonLimits.DepartmentName), managerId, role));
        }

        problems.AddRange(ManagerCycles(targets));

        var matches = new List<(DirectoryTarget, DirectoryRow?)>();
        foreach (var target in targets)
        {
            var row = byDirectoryId.GetValueOrDefault(target.Entry.Id);
            if (guarded.Contains(target.Email) || (row is not null && guarded.Contains(row.Email)))
            {
                problems.Add(new("{0}: {1} is a break-glass administrator here, whom the directory never takes over.", target.Entry.Dn, target.Email));
                continue;
            }

            if (row is null && byEmail.TryGetValue(target.Email, out var sameEmail))
            {
                // Linked once by address: a local account, or someone who left the directory and is back under a new
                // entry (a rehire gets a new objectGUID), whose old entry is gone.
                if (sameEmail.DirectoryId is null || (sameEmail.DirectoryLeftAt is not null && !present.Contains(sameEmail.DirectoryId)))
                {
                    row = sameEmail;
                }
                else
                {
                    problems.Add(new("{0}: the e-mail address {1} belongs to another person from the directory here ({2}).", target.Entry.Dn, target.Email, sameEmail.DisplayName));
                    continue;
                }
            }
            else if (row is not null && byEmail.TryGetValue(target.Email, out var holder) && holder.Id != row.Id)
            {
                problems.Add(new("{0}: the new e-mail address {1} belongs to {2} here.", target.Entry.Dn, target.Email, holder.DisplayName));
                continue;
            }

            matches.Add((target, row));
        }

        var departmentNames = departments.Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newDepartments = targets.Select(t => t.Department).Concat(snapshot.Units.SelectMany(u => new[] { Cut(u.Name, PersonLimits.DepartmentName), Cut(u.ParentName ?? "", PersonLimits.DepartmentName) }))
            .Where(n => n.Length > 0 && !departmentNames.Contains(n)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var departmentById = departments.ToDictionary(d => d.Id, d => d.Name);
        var parentNameOf = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in departments)
        {
            parentNameOf.TryAdd(d.Name, d.ParentId is { } p ? departmentById.GetValueOrDefault(p) : null);
        }

        // The directory's units decide where they sit; departments it does not hold as units keep their place.
        var moves = snapshot.Units.DistinctBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .Where(u => !string.Equals(parentNameOf.GetValueOrDefault(u.Name), u.ParentName, StringComparison.OrdinalIgnoreCase))
            .Select(u => (Cut(u.Name, PersonLimits.DepartmentName), u.ParentName is { } parent ? Cut(parent, PersonLimits.DepartmentName) : null))
            .OrderBy(m => m.Item1, StringComparer.OrdinalIgnoreCase).ToList();
        var rowByDirectoryId = matches.Where(m => m.Item2 is not null).ToDictionary(m => m.Item1.Entry.Id, m => m.Item2!);
        var nameOfDirectoryId = targets.ToDictionary(t => t.Entry.Id, t => t.Name);

        var created = new List<PlannedPerson>();
        var changed = new List<PlannedPerson>();
        var returning = new List<PlannedPerson>();
        foreach (var (target, row) in matches)
        {
            if (row is null)
            {
                created.Add(new PlannedPerson(null, target.Name, target.Email, Fields(target, nameOfDirectoryId)));
                continue;
            }

            var changes = new List<(string, string)>();
            if (row.DirectoryId != target.Entry.Id)
            {
                changes.Add(("link", target.Entry.Id));
            }

            if (!string.Equals(row.Email, target.Email, StringComparison.Ordinal))
            {
                changes.Add(("email", target.Email));
            }

            if (row.DisplayName != target.Name)
            {
                changes.Add(("name", target.Name));
            }

            if (row.Title != target.Title)
            {
                changes.Add(("title", target.Title));
            }

            var department = row.DepartmentId is { } d ? departmentById.GetValueOrDefault(d, "") : "";
            if (!string.Equals(department, target.Department, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add(("department", target.Department));
            }

            var managerNow = row.ManagerId;
            var managerThen = target.ManagerDirectoryId is { } mid ? rowByDirectoryId.GetValueOrDefault(mid)?.Id : null;
            if (managerNow != managerThen || (target.ManagerDirectoryId is not null && managerThen is null))
            {
                changes.Add(("manager", target.ManagerDirectoryId is { } md ? nameOfDirectoryId[md] : ""));
            }

            if (target.Role is { } role && role != row.Role)
            {
                changes.Add(("role", role));
            }

            if (!row.IsActive && row.DirectoryLeftAt is not null)
            {
                returning.Add(new PlannedPerson(row.Id, target.Name, target.Email, []));
            }

            if (changes.Count > 0)
            {
                changed.Add(new PlannedPerson(row.Id, target.Name, target.Email, changes));
            }
        }

        present = targets.Select(t => t.Entry.Id).ToHashSet();
        var leaving = rows.Where(r => r.DirectoryId is not null && r.IsActive && !present.Contains(r.DirectoryId))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => new PlannedPerson(r.Id, r.DisplayName, r.Email, [])).ToList();
        var linked = rows.Count(r => r.DirectoryId is not null && r.IsActive);
        var plan = new DirectoryPlan(created, changed, leaving, returning, problems, snapshot.Skipped, newDepartments, moves, linked);
        return (plan, matches);
    }

    private static List<(string, string)> Fields(DirectoryTarget target, Dictionary<string, string> nameOfDirectoryId)
    {
        var fields = new List<(string, string)>();
        if (target.Title.Length > 0)
        {
            fields.Add(("title", target.Title));
        }

        if (target.Department.Length > 0)
        {
            fields.Add(("department", target.Department));
        }

        if (target.ManagerDirectoryId is { } manager)
        {
            fields.Add(("manager", nameOfDirectoryId[manager]));
        }

        if (target.Role is { } role && role != Roles.Staff)
        {
            fields.Add(("role", role));
        }

        return fields;
    }

    /// A manager chain that meets itself cannot become levels; every person on such a loop is named.
    private static IEnumerable<DirectoryProblem> ManagerCycles(IReadOnlyList<DirectoryTarget> targets)
    {
        var managerOf = targets.ToDictionary(t => t.Entry.Id, t => t.ManagerDirectoryId);
        var dnOf = targets.ToDictionary(t => t.Entry.Id, t => t.Entry.Dn);
        var done = new HashSet<string>();
        foreach (var start in managerOf.Keys)
        {
            var path = new List<string>();
            var onPath = new Dictionary<string, int>();
            for (var current = start; current is not null && !done.Contains(current) && managerOf.ContainsKey(current); current = managerOf[current])
            {
                if (onPath.TryGetValue(current, out var index))
                {
                    yield return new("The managers in the directory form a cycle: {0}.", string.Join(" → ", path[index..].Append(current).Select(id => dnOf[id])));
                    break;
                }

                onPath[current] = path.Count;
                path.Add(current);
            }

            done.UnionWith(path);
        }
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
