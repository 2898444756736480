namespace Intranet.Blog.Features.Questions;

public static class QuestionsSetup
{
    public static IServiceCollection AddQuestions(this IServiceCollection services)
    {
        services.AddSingleton<QuestionStore>();
        services.AddSingleton<ResponseTargets>();
        services.AddScoped<QuestionService>();
        services.AddHostedService<ResponseReminders>();
        return services;
    }
}
