namespace Intranet.Blog.Features.People;

public static class PeopleSetup
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<UserStore>();
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<AvatarLookup>();
        services.AddScoped<ProfileQuery>();
        services.AddScoped<ProfileService>();
        return services;
    }
}
