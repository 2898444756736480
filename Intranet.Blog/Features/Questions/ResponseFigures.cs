namespace Intranet.Blog.Features.Questions;

/// One month's answering figures from the questions asked in it, aggregate only: how many, the median working time
/// to the first answer, and the share answered within the target. A question still open and not yet due is left
/// out of the share (it may still make it); one open past its target counts as missed.
public static class ResponseFigures
{
    public static MonthFigures Of(DateOnly month, IReadOnlyList<AnsweringRow> asked, ResponseTarget target, DateTimeOffset now) =>
        Of(month, [.. asked.Select(q => (q, target))], now);

    /// Questions of several departments, each against its own department's target and working hours.
    public static MonthFigures Of(DateOnly month, IReadOnlyList<(AnsweringRow Question, ResponseTarget Target)> asked, DateTimeOffset now)
    {
        if (asked.Count < QuestionLimits.FewestForFigures)
        {
            return new MonthFigures(month, asked.Count, null, null);
        }

        var waits = asked.Where(q => q.Question.FirstAnswerAt is not null).Select(q => q.Target.Week.Between(q.Question.AskedAt, q.Question.FirstAnswerAt!.Value)).Order().ToList();
        var decided = asked.Where(q => q.Question.FirstAnswerAt is not null || q.Target.DueAt(q.Question.AskedAt) <= now).ToList();
        var within = decided.Count(q => q.Question.FirstAnswerAt is { } at && at <= q.Target.DueAt(q.Question.AskedAt));
        return new MonthFigures(month, asked.Count, waits.Count == 0 ? null : Median(waits), decided.Count == 0 ? null : (double)within / decided.Count);
    }

    private static TimeSpan Median(IReadOnlyList<TimeSpan> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
