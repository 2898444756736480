namespace Intranet.Blog.Features.Search;

public static class SearchSetup
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchStore>();
        services.AddScoped<SearchService>();
        services.AddSingleton<SearchCache>();
        return services;
    }
}
