namespace Intranet.Blog.Features.Mail;

public static class MailSetup
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailStore>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<PasswordMails>();
        services.AddScoped<MailPlanner>();
        services.AddScoped<MailSettings>();
        services.AddHostedService<MailRounds>();
        return services;
    }
}
