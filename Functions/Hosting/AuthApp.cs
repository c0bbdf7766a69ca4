using AuthFunctions.Configuration;
using AuthFunctions.Diagnostics;
using AuthFunctions.Endpoints;
using AuthFunctions.Flow;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using AuthFunctions.Sessions;
using AuthFunctions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>Builds the app: the same for the Functions host, <c>dotnet run</c> and every test.</summary>
public static class AuthApp
{
    /// <summary>Set by the Functions host for a custom handler: the port to listen on.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Creates the app; <paramref name="configure"/> lets tests replace settings and services before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // No file watchers: nothing reloads at run time, and watching costs cold-start time.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false", .. args] });
        if (builder.Environment.IsDevelopment())
        {
            builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
            AddDevelopmentDefaults(builder.Configuration);
        }

        // Request and redirect logs carry full URLs: state, codes and handoff codes. Never log them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        ConfigureUrls(builder);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Services.AddAuthFunctions(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<AuthHeadersMiddleware>();
        app.UseCors();
        app.MapAuthEndpoints();
        app.MapSessionEndpoints();
        app.MapClientScript();
        app.MapCleanupFunction();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevSignIn();
            app.MapDevHomePage();
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                    .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
                Log.DevProviderOn(app.Services.GetRequiredService<ILogger<DevProvider>>(), (address ?? DefaultUrl) + "/");
            });
        }

        return app;
    }

    public static IServiceCollection AddAuthFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ProviderCatalog.LoadEmbedded());
        services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>();
        services.AddOptions<OAuthOptions>()
            .BindConfiguration(OAuthOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton(sp => ProviderRegistry.Resolve(
            sp.GetRequiredService<ProviderCatalog>(),
            sp.GetRequiredService<IOptions<OAuthOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().IsDevelopment()).Registry!);

        services.AddHttpClient(ProviderHttp.ClientName, c =>
            {
                c.Timeout = ProviderHttp.Timeout;
                c.MaxResponseContentBufferSize = ProviderHttp.MaxResponseBytes;
                // GitHub's API refuses requests without a User-Agent; everyone else ignores it.
                c.DefaultRequestHeaders.UserAgent.ParseAdd("AuthFunctions/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            });

        services.AddStorage(configuration);
        services.AddSingleton<RefreshTokens>();
        services.AddSecrets(configuration);
        services.AddSingleton<ReturnUrlPolicy>();
        services.AddSingleton<OidcMetadataCache>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<DevProvider>();
        services.AddSingleton<ProviderClient>();
        services.AddSingleton<LoginFlow>();
        services.AddSingleton<CallbackFlow>();
        services.AddSingleton<LogoutFlow>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<AppTokens>();
        services.AddSingleton<SessionFlow>();

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<ReturnUrlPolicy>((cors, returnUrls) =>
            cors.AddPolicy(AuthEndpoints.CorsPolicy, p => p
                .WithOrigins([.. returnUrls.AllowedOrigins])
                .WithMethods("GET", "POST")
                .WithHeaders("Content-Type", "Authorization", SessionCookie.CsrfHeader)
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        if (Environment.GetEnvironmentVariable(CustomHandlerPortVariable) is null)
        {
            // Under the Functions host the CleanupExpired timer function does this.
            services.AddHostedService<CleanupService>();
        }

        return services;
    }

    private static void ConfigureUrls(WebApplicationBuilder builder)
    {
        var port = Environment.GetEnvironmentVariable(CustomHandlerPortVariable);
        if (!string.IsNullOrEmpty(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            // The port `func start` uses, so an SPA's settings are the same either way.
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    /// <summary>Embedded defaults so <c>dotnet run</c> works with no settings at all: the demo page and a Vite dev server may receive users.</summary>
    private static void AddDevelopmentDefaults(ConfigurationManager configuration)
    {
        if (!configuration.GetSection("OAuth:AllowedReturnUrls").GetChildren().Any())
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OAuth:AllowedReturnUrls:0"] = DefaultUrl + "/",
                ["OAuth:AllowedReturnUrls:1"] = "http://127.0.0.1:7071/",
                ["OAuth:AllowedReturnUrls:2"] = "http://localhost:5173/",
            });
        }
    }
}
