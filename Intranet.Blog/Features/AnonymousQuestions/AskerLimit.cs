using System.Security.Cryptography;

namespace Intranet.Blog.Features.AnonymousQuestions;

/// At most QuestionLimits.PerDay questions per person in 24 hours, counted without keeping who asked: an HMAC of the
/// person's id under a key that exists only in this process's memory (never in the database, never on disk), with
/// each entry dropped once its 24 hours are over. A restart forgets the key and every count with it.
public sealed class AskerLimit(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<string, List<DateTimeOffset>> _recent = [];
    private readonly Lock _lock = new();

    /// Takes one of the person's questions for today; false when they have none left.
    public bool TryTake(long userId)
    {
        var key = Convert.ToBase64String(HMACSHA256.HashData(_key, BitConverter.GetBytes(userId)));
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            foreach (var (k, times) in _recent.ToList())
            {
                times.RemoveAll(t => t <= now - Window);
                if (times.Count == 0)
                {
                    _recent.Remove(k);
                }
            }

            var mine = _recent.TryGetValue(key, out var list) ? list : _recent[key] = [];
            if (mine.Count >= QuestionLimits.PerDay)
            {
                return false;
            }

            mine.Add(now);
            return true;
        }
    }
}
