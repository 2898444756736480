namespace Intranet.Blog.Features.People;

public static class PeopleSetup
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<PeopleStore>();
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<InfluencerStore>();
        services.AddSingleton<CurationRights>();
        services.AddSingleton<AvatarLookup>();
        services.AddScoped<DirectoryQuery>();
        return services;
    }
}
