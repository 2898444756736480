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
    /// Existing accounts an entry would take over by their address, left for an admin to link from the preview.
    public IReadOnlyList<PlannedPerson> WaitingLinks { get; init; } = [];

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
        IReadOnlyCollection<string>? breakGlass = null, bool linkByEmail = true)
    {
        // Break-glass accounts are the way in when the directory fails: the sync leaves them alone (no entry takes one
        // over by its address, none is changed, demoted or deactivated).
        var guarded = (breakGlass ?? []).Select(e => e.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var skipped = snapshot.Skipped.ToList();
        var waiting = new List<PlannedPerson>();
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
                skipped.Add(target.Entry.Dn);
                continue;
            }

            if (row is null && byEmail.TryGetValue(target.Email, out var sameEmail))
            {
                // Linked once by address: a local account, or someone who left the directory and is back under a new
                // entry (a rehire gets a new objectGUID), whose old entry is gone.
                if (sameEmail.DirectoryId is null || (sameEmail.DirectoryLeftAt is not null && !present.Contains(sameEmail.DirectoryId)))
                {
                    // Taking over an account by its address (its sign-in, its role) is for an admin who has seen whose
                    // it is in the preview, never for the schedule.
                    if (!linkByEmail)
                    {
                        waiting.Add(new PlannedPerson(sameEmail.Id, sameEmail.DisplayName, sameEmail.Email, [("link", target.Entry.Dn), ("role", sameEmail.Role)]));
                        continue;
                    }

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

        // A manager the sync leaves out (a break-glass admin, a link waiting for an admin) is no manager here.
        var matched = matches.Select(m => m.Item1.Entry.Id).ToHashSet();
        matches = matches.Select(m => m.Item1.ManagerDirectoryId is { } mid && !matched.Contains(mid) ? (m.Item1 with { ManagerDirectoryId = null }, m.Item2) : m).ToList();
        problems.AddRange(UnitsNamedTwice(snapshot.Units));

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
                // Named with the account's own name and role, so the preview says whose account an entry takes.
                changes.Add(("link", $"{row.DisplayName} ({row.Email})"));
                changes.Add(("linkrole", row.Role));
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
        var leaving = rows.Where(r => r.DirectoryId is not null && r.IsActive && !present.Contains(r.DirectoryId) && !guarded.Contains(r.Email))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => new PlannedPerson(r.Id, r.DisplayName, r.Email, [])).ToList();
        var linked = rows.Count(r => r.DirectoryId is not null && r.IsActive);
        if (mapsRoles && !AnAdminRemains(rows, matches, leaving))
        {
            problems.Add(new("The directory's groups would leave no active administrator here; put someone in the admin group first."));
        }

        var plan = new DirectoryPlan(created, changed, leaving, returning, problems, skipped, newDepartments, moves, linked) { WaitingLinks = waiting };
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

    /// After the sync: someone active is still an admin (a break-glass admin counts).
    private static bool AnAdminRemains(IReadOnlyList<DirectoryRow> rows, IReadOnlyList<(DirectoryTarget Target, DirectoryRow? Row)> matches, IReadOnlyList<PlannedPerson> leaving)
    {
        var roleAfter = rows.Where(r => r.IsActive).ToDictionary(r => r.Id, r => r.Role);
        foreach (var person in leaving)
        {
            roleAfter.Remove(person.PersonId!.Value);
        }

        foreach (var (target, row) in matches.Where(m => m.Row is not null && m.Target.Role is not null))
        {
            if (roleAfter.ContainsKey(row!.Id) || (row.DirectoryLeftAt is not null))
            {
                roleAfter[row.Id] = target.Role!;
            }
        }

        return roleAfter.ContainsValue(Roles.Admin) || matches.Any(m => m.Row is null && m.Target.Role == Roles.Admin);
    }

    /// Two units of one name in different places would become one department: the directory has to tell them apart.
    private static IEnumerable<DirectoryProblem> UnitsNamedTwice(IReadOnlyList<DirectoryUnit> units) =>
        units.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(u => u.ParentName ?? "").Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
            .Select(g => new DirectoryProblem("Several organisational units are called {0} ({1}); departments need distinct names.", g.Key,
                string.Join(", ", g.Select(u => u.ParentName ?? "–"))));

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
