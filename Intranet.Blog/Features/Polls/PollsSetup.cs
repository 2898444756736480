namespace Intranet.Blog.Features.Polls;

public static class PollsSetup
{
    public static IServiceCollection AddPolls(this IServiceCollection services)
    {
        services.AddSingleton<PollStore>();
        services.AddScoped<PollService>();
        return services;
    }
}
