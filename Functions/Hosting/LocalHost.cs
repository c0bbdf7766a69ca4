using AuthFunctions.Core;
using AuthFunctions.Http;
using AuthFunctions.Providers;
using AuthFunctions.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Hosting;

/// <summary>
/// The app without the Functions host (<c>dotnet run</c>, tests, benchmarks): the same function methods on Kestrel,
/// on <c>ASPNETCORE_URLS</c>/<c>--urls</c> when given, else on <c>http://localhost:7071</c> as <c>func start</c> would be;
/// the expired-row sweep runs as a hosted service instead of the timer trigger.
/// </summary>
public static class LocalHost
{
    /// <summary>Creates the app; <paramref name="configure"/> lets tests replace settings and services before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        builder.Services.AddHostedService<CleanupService>();
        var functions = FunctionEndpoints.Discover(typeof(LocalHost).Assembly);
        builder.Services.AddFunctionClasses(functions);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapFunctions(functions, app.Configuration, FunctionEndpoints.RoutePrefix(AppContext.BaseDirectory));
        if (app.Environment.IsDevelopment())
        {
            app.MapGet("/", (RequestDelegate)DevHomeAsync);
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
                Log.DevProviderOn(app.Services.GetRequiredService<ILogger<DevProvider>>(), (address ?? AppConfiguration.DefaultUrl) + "/");
            });
        }

        return app;
    }

    /// <summary>
    /// The demo SPA at <c>/</c> (Development). A <see cref="RequestDelegate"/>, as the functions are: a handler with
    /// parameters would have RequestDelegateFactory generate and compile its binding when the first request, whatever
    /// it is for, builds the route table.
    /// </summary>
    private static async Task DevHomeAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<OAuthOptions>>().Value;
        var result = await services.GetRequiredService<AuthHttp>()
            .RunAsync(context.Request, c => Task.FromResult(DevHomePage.Result(c, options)), spaCors: false).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The app's settings and services, nothing started or mapped: <see cref="Create"/> and the doctor both begin here.</summary>
    internal static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // No file watchers: nothing reloads at run time, and watching costs cold-start time.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false", .. args] });
        AppConfiguration.Apply(builder.Configuration, builder.Environment);
        builder.Logging.AddAuthLogFilters();
        UseBufferedConsole(builder.Logging);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            // The port `func start` uses, so an SPA's settings are the same either way.
            builder.WebHost.UseUrls(AppConfiguration.DefaultUrl);
        }

        builder.Services.AddAuthFunctions(builder.Configuration);
        return builder;
    }

    /// <summary>The framework's console formatters and settings, written in batches (<see cref="ConsoleLogBuffer"/>).</summary>
    private static void UseBufferedConsole(ILoggingBuilder logging)
    {
        logging.AddConsole();
        foreach (var framework in logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(framework);
        }

        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BufferedConsoleLoggerProvider>());
    }
}
