using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Profiles;

/// A person's profile page: their card, how to reach them and what they wrote about themselves.
public sealed record Profile
{
    public PersonCard Card { get; init; } = new();
    public string Email { get; init; } = "";
    public string Bio { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Location { get; init; } = "";

    /// May be named among the helpful colleagues on the analytics dashboard (everyone may opt out).
    public bool HelpfulListed { get; init; } = true;

    /// What to type after "@" to mention this person.
    public string? Handle { get; init; }

    /// The phone number as a tel: link dials it: digits and "+", without the "(0)" written for callers at home.
    public string PhoneLink => "tel:" + new string(Phone.Replace("(0)", "", StringComparison.Ordinal).Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
}

/// The fields a person edits on their own profile; Photo is an upload name or null.
public sealed record ProfileFields(string Bio, string Phone, string Location, string? Photo, bool HelpfulListed);

public static class ProfileLimits
{
    public const int Bio = 1_000;
    public const int Phone = 40;
    public const int Location = 100;
}

/// The profile columns of users that people edit themselves: bio, phone, location and photo.
public sealed class ProfileStore
{
    // The card's columns come first; the profile's own start at "email", where Dapper splits the row.
    private const string ProfileSql = "SELECT " + PersonCardSql.Columns + ", u.email, u.bio, u.phone, u.location, u.helpful_listed, u.handle"
        + " FROM users u " + PersonCardSql.JoinDepartment + " WHERE u.id = @id";

    private static async Task<Profile?> ProfileAsync(DbConnection connection, CommandDefinition command) =>
        (await connection.QueryAsync<PersonCard, Profile, Profile>(command, (card, profile) => profile with { Card = card }, splitOn: "email")).SingleOrDefault();

    public Task<Profile?> ProfileAsync(DbConnection connection, long id, CancellationToken ct) =>
        ProfileAsync(connection, new CommandDefinition(ProfileSql, new { id }, cancellationToken: ct));

    public Task<Profile?> ProfileAsync(DbConnection connection, DbTransaction transaction, long id) =>
        ProfileAsync(connection, new CommandDefinition(ProfileSql, new { id }, transaction));

    private const string SetProfileSql = """
        UPDATE users
           SET bio = @Bio, phone = @Phone, location = @Location, photo = @Photo, helpful_listed = @HelpfulListed
         WHERE id = @id
        """;

    public Task SetProfileAsync(DbConnection connection, DbTransaction transaction, long id, ProfileFields fields) =>
        connection.ExecuteAsync(SetProfileSql, new { id, fields.Bio, fields.Phone, fields.Location, fields.Photo, fields.HelpfulListed }, transaction);
}
