namespace Intranet.Blog.Features.AnonymousQuestions;

public static class AnonymousQuestionsSetup
{
    public static IServiceCollection AddAnonymousQuestions(this IServiceCollection services)
    {
        services.AddSingleton<AnonymousQuestionStore>();
        services.AddSingleton<AskerLimit>();
        services.AddSingleton<QuestionsPusher>();
        services.AddScoped<AnonymousQuestionService>();
        return services;
    }
}
