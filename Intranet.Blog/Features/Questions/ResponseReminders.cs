using Intranet.Blog.Infrastructure;

namespace Intranet.Blog.Features.Questions;

/// Reminds a department's influencers once when a question reaches half its response target without an answer.
/// Whether a reminder went out is in the database (questions.reminded_at, claimed in the transaction that writes the
/// notifications), so a restart neither loses nor repeats one. Sleeps until the next question reaches its half, a
/// minute at most (a new question may be due sooner). Time is the injected TimeProvider.
public sealed partial class ResponseReminders(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ResponseReminders> logger) : BackgroundService
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RepeatAsync(nameof(ResponseReminders), scopes, clock, Longest, async (services, ct) =>
        {
            var next = await services.GetRequiredService<QuestionService>().RemindAsync(ct);
            return next is { } n && n < Longest ? n : Longest;
        }, ex => Failed(logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminding of waiting questions failed; trying again in a minute")]
    private static partial void Failed(ILogger logger, Exception exception);
}
