using System.Collections.Concurrent;

namespace Intranet.Blog.Features.People;

/// The signed-in person's photo for the user menu on every page, without a query per page view.
/// One process owns the database, so forgetting the entry on each profile change keeps it current.
public sealed class AvatarLookup(PeopleStore people)
{
    private readonly ConcurrentDictionary<long, string?> _photos = new();

    public async ValueTask<string?> PhotoAsync(long personId, CancellationToken ct = default)
    {
        if (_photos.TryGetValue(personId, out var photo))
        {
            return photo;
        }

        photo = await people.PhotoAsync(personId, ct);
        _photos[personId] = photo;
        return photo;
    }

    public void Forget(long personId) => _photos.TryRemove(personId, out _);
}
