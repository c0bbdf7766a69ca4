using AuthFunctions.Core;
using AuthFunctions.Http;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using AuthFunctions.Sessions;
using AuthFunctions.SignIn;
using AuthFunctions.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>The composition root both hosts share: one registration call per feature, nothing else.</summary>
public static class AuthServices
{
    public static IServiceCollection AddAuthFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>();
        services.AddOptions<OAuthOptions>()
            .BindConfiguration(OAuthOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();

        // IOptions hands out the instance start-up validated, so the settings are bound and checked (and the providers
        // resolved) once, not a second time at the first request.
        services.AddSingleton<IOptions<OAuthOptions>>(sp => Options.Create(sp.GetRequiredService<IOptionsMonitor<OAuthOptions>>().CurrentValue));

        // The worker's own Kestrel (behind the Functions host) and the standalone one get the same limits. Bodies are
        // bounded where they are read (RequestReading): a body over Kestrel's limit would reset the connection, and
        // the Functions host would turn that into a 5xx.
        services.Configure<KestrelServerOptions>(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        services.AddStorage(configuration);
        services.AddSecrets(configuration);
        services.AddProviders();
        services.AddSessions();
        services.AddSignIn();
        services.AddAuthHttp(configuration);
        return services;
    }

    /// <summary>Log filters both hosts share. Request and redirect logs carry full URLs (state, codes, handoff codes): never log them.</summary>
    public static void AddAuthLogFilters(this ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        // "Hosting failed to start" repeats a start-up failure with its stack trace; StartupErrors prints it as one line.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }
}
