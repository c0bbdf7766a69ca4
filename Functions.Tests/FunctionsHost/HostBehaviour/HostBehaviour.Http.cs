using System.Diagnostics;
using System.Text.Json.Nodes;
using AuthFunctions.Tests.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Yarp.ReverseProxy.Forwarder;

namespace AuthFunctions.Tests.FunctionsHost;

internal static partial class HostBehaviour
{
    /// <summary>DefaultHttpProxyService.cs: the header the worker's ASP.NET Core integration pairs the request with.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>HttpExtensionConfigProvider / HttpOptions: the prefix when host.json names none.</summary>
    public const string DefaultRoutePrefix = "api";

    /// <summary>
    /// WebScriptHostHttpRoutesManager.cs with WebJobsRouteBuilder.cs: every HTTP function is a legacy
    /// <see cref="Route"/> in one <see cref="RouteCollection"/>, template <c>prefix/(route ?? name)</c>, methods as
    /// <see cref="HttpMethodRouteConstraint"/>. The collection tries them in function order and the first match wins;
    /// there is no precedence sort (the worker's endpoint routing does sort, so overlapping templates can differ).
    /// </summary>
    public static RouteCollection Routes(
        IEnumerable<HostedFunction> functions, string routePrefix, IInlineConstraintResolver resolver, Func<HostedFunction, IRouter> target)
    {
        var routes = new RouteCollection();
        foreach (var function in functions.Where(f => f.IsHttp))
        {
            var route = function.HttpRoute ?? function.Name;
            var template = string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix.Trim('/')}/{route}";
            var constraints = new Dictionary<string, object>();
            if (function.HttpMethods.Count > 0)
            {
                constraints["httpMethod"] = new HttpMethodRouteConstraint([.. function.HttpMethods.Select(m => m.ToUpperInvariant())]);
            }

            routes.Add(new Route(target(function), function.Name, template, defaults: null, constraints, dataTokens: null, resolver));
        }

        return routes;
    }

    /// <summary>
    /// GrpcMessageConversionExtensions.ToRpcHttp with HttpUri set (proxy mode) and ScriptInvocationContextExtensions:
    /// the trigger input is an empty RpcHttp (the request itself is forwarded), the trigger metadata is the binding
    /// data, and a trace context is always present (the worker's GrpcFunctionInvocation dereferences it).
    /// </summary>
    public static InvocationRequest HttpInvocation(string invocationId, HostedFunction function, HttpRequest request, RouteValueDictionary routeValues)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            InputData = { new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Http = new RpcHttp() } } },
            TraceContext = TraceContext(),
        };
        invocation.TriggerMetadata.Add(HttpTriggerMetadata(request, routeValues));
        return invocation;
    }

    /// <summary>
    /// HttpTriggerAttributeBindingProvider.GetRequestBindingData (WebJobs extensions): query values except <c>code</c>,
    /// then route values overwriting them, then <c>Query</c> and <c>Headers</c> as JSON. The binding data is one
    /// case-insensitive dictionary, so keys differing only in case collapse (the worker throws on such duplicates).
    /// Not copied: JSON body properties (the host buffers the body to read them; this host streams it) and the
    /// HttpRequest entries the worker's RpcHttpTriggerMetadataRemoved capability tells the host to drop.
    /// </summary>
    public static Dictionary<string, TypedData> HttpTriggerMetadata(HttpRequest request, RouteValueDictionary routeValues)
    {
        var data = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in request.Query)
        {
            if (!string.Equals(key, "code", StringComparison.OrdinalIgnoreCase))
            {
                data[key] = new TypedData { String = value.ToString() };
            }
        }

        foreach (var (key, value) in routeValues)
        {
            data[key] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        }

        data["Query"] = new TypedData { Json = JsonMap(request.Query.Select(q => (q.Key, q.Value.ToString()))) };
        data["Headers"] = new TypedData { Json = JsonMap(request.Headers.Select(h => (h.Key, h.Value.ToString()))) };
        return data;
    }

    /// <summary>ScriptInvocationContextExtensions.cs: the current activity's W3C id, or a fresh one when there is none.</summary>
    public static RpcTraceContext TraceContext()
    {
        var activity = Activity.Current;
        var traceParent = activity is { IdFormat: ActivityIdFormat.W3C }
            ? activity.Id!
            : $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00";
        return new RpcTraceContext { TraceParent = traceParent, TraceState = activity?.TraceStateString ?? "" };
    }

    /// <summary>
    /// DefaultHttpProxyService.cs: TryAdd, so an id the client sent is kept. A spoofed id makes the worker fail the
    /// request after its pairing waits (measured: 500 after 15 s). Deliberately not stripped, as in the host.
    /// </summary>
    public static void AddInvocationIdHeader(HttpRequest request, string invocationId) =>
        request.Headers.TryAdd(InvocationIdHeader, invocationId);

    /// <summary>DefaultHttpProxyService.cs: the forwarder's per-request settings.</summary>
    public static readonly ForwarderRequestConfig ForwarderConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(240) };

    /// <summary>
    /// DefaultHttpProxyService.cs: no redirects followed and no cookie container, so Location and Set-Cookie reach the
    /// client untouched; connect failures retried by <see cref="RetryProxyHandler"/> while the worker's Kestrel starts.
    /// </summary>
    public static HttpMessageInvoker ForwarderInvoker() => new(new RetryProxyHandler(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    }));

    /// <summary>
    /// FunctionInvocationMiddleware.cs: a failed forward or a failed invocation becomes 500, but only while the response
    /// has not started; once the worker's response is on its way, it stands.
    /// </summary>
    public static void FailUnlessStarted(HttpResponse response)
    {
        if (!response.HasStarted)
        {
            response.Clear();
            response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static string JsonMap(IEnumerable<(string Key, string Value)> pairs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            json[key] = value;
        }

        return json.ToJsonString();
    }
}
