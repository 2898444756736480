namespace Intranet.Blog.Features.Uploads;

public static class UploadsSetup
{
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton<UploadStore>();
        services.AddSingleton<UploadFiles>();
        services.AddScoped<UploadService>();
        return services;
    }
}
