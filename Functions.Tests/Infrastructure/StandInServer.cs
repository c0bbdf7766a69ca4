using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP server standing in for a provider. Routes are added by the subclass; any other request is
/// recorded in <see cref="Unexpected"/> and answered 404, and tests assert the list stays empty.
/// </summary>
public abstract class StandInServer : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<string> Unexpected { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    protected async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        Map(_app);
        _app.MapFallback((HttpContext context) =>
        {
            Unexpected.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            return Results.NotFound();
        });
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    protected abstract void Map(WebApplication app);

    /// <summary>Records a request the real provider would reject, and answers as it would.</summary>
    protected IResult Reject(string why, int status = 400, string error = "invalid_request")
    {
        Unexpected.Enqueue(why);
        return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = why }, statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
