using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>Matches a request against the HTTP functions' routes (built by <see cref="HostBehaviour.Routes"/>) and runs the proxy.</summary>
internal sealed class FunctionRouter
{
    private readonly RouteCollection _routes;

    public FunctionRouter(IEnumerable<HostedFunction> functions, string routePrefix, IInlineConstraintResolver resolver, HttpFunctionProxy proxy) =>
        _routes = HostBehaviour.Routes(functions, routePrefix, resolver, function => new Target(function, proxy));

    /// <summary>Runs the matching function; false when no route matched (the caller answers 404).</summary>
    public async Task<bool> TryInvokeAsync(HttpContext context)
    {
        var routeContext = new RouteContext(context);
        routeContext.RouteData.Routers.Add(_routes);
        await _routes.RouteAsync(routeContext);
        if (routeContext.Handler is null)
        {
            return false;
        }

        await routeContext.Handler(context);
        return true;
    }

    // The legacy Route calls its target only after a match, with the matched values in RouteData.
    private sealed class Target(HostedFunction function, HttpFunctionProxy proxy) : IRouter
    {
        public Task RouteAsync(RouteContext context)
        {
            var values = new RouteValueDictionary(context.RouteData.Values);
            context.Handler = http => proxy.InvokeAsync(http, function, values);
            return Task.CompletedTask;
        }

        public VirtualPathData? GetVirtualPath(VirtualPathContext context) => null;
    }
}
