using AuthFunctions.Http.Protection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace AuthFunctions.Hosting;

/// <summary>The app as the Functions host runs it: the .NET isolated worker with ASP.NET Core integration.</summary>
internal static class WorkerHost
{
    /// <summary>The Functions host always passes the address of its gRPC endpoint; nothing else does.</summary>
    public static bool IsLaunchedByFunctionsHost(IEnumerable<string> args) =>
        args.Any(a => a == "--functions-uri" || a.StartsWith("--functions-uri=", StringComparison.Ordinal));

    public static IHost Create(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<RequireRoleMiddleware>();
        AppConfiguration.Apply(builder.Configuration, builder.Environment);
        builder.Logging.AddAuthLogFilters();
        builder.Services.AddAuthFunctions(builder.Configuration);
        return builder.Build();
    }
}
