namespace Intranet.Blog.Features.Uploads;

public static class UploadsSetup
{
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton<UploadStore>();
        services.AddSingleton<UploadFiles>();
        services.AddSingleton<UploadScrubber>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadScrubber>());
        services.AddScoped<UploadService>();
        return services;
    }
}
