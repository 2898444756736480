namespace Intranet.Blog.Infrastructure.Auth;

/// Everyone may speak; roles only add curation powers.
public static class Roles
{
    public const string Staff = "Staff";
    public const string Influencer = "Influencer";
    public const string Executive = "Executive";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Staff, Influencer, Executive, Admin];
}
