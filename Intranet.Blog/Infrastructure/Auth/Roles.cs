namespace Intranet.Blog.Infrastructure.Auth;

/// Everyone may speak; roles only add curation powers. Influencers are no role: they are appointed per department
/// (department_influencers), so their rights hold where they help and nowhere else.
public static class Roles
{
    public const string Staff = "Staff";
    public const string Executive = "Executive";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Staff, Executive, Admin];
}
