namespace Intranet.Blog.Features.Links;

public static class LinksSetup
{
    public static IServiceCollection AddLinks(this IServiceCollection services) => services.AddSingleton<OneTimeLinks>();
}
