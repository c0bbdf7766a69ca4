using System.Text.Json.Nodes;
using AuthFunctions.Tests.FunctionsHost.Rpc;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>
/// One function as the worker indexed it: its name and id, its raw bindings (JSON, as in functions.metadata),
/// the trigger type and binding name, and for HTTP triggers the route, methods and authLevel.
/// </summary>
public sealed class HostedFunction
{
    private HostedFunction(RpcFunctionMetadata indexed, RpcFunctionMetadata load, IReadOnlyList<JsonObject> bindings)
    {
        Name = indexed.Name;
        FunctionId = indexed.FunctionId;
        RawBindings = [.. indexed.RawBindings];
        var trigger = bindings.FirstOrDefault(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);
        TriggerType = (string?)trigger?["type"] ?? "";
        TriggerBindingName = (string?)trigger?["name"] ?? "";
        if (IsHttp)
        {
            HttpRoute = (string?)trigger!["route"];
            HttpMethods = trigger["methods"] is JsonArray methods ? [.. methods.Select(m => (string)m!)] : [];
            AuthLevel = (string?)trigger["authLevel"];
        }

        Metadata = load;
    }

    /// <summary>The function name (the <c>[Function]</c> attribute).</summary>
    public string Name { get; }

    /// <summary>The id the worker gave the function; invocations name it.</summary>
    public string FunctionId { get; }

    /// <summary>Each binding as the JSON text the worker sent.</summary>
    public IReadOnlyList<string> RawBindings { get; }

    /// <summary>The trigger binding's type, e.g. <c>httpTrigger</c> or <c>timerTrigger</c>.</summary>
    public string TriggerType { get; }

    /// <summary>The trigger binding's parameter name, e.g. <c>req</c>.</summary>
    public string TriggerBindingName { get; }

    /// <summary>True for an HTTP trigger.</summary>
    public bool IsHttp => string.Equals(TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>The route template without the prefix; null means the function name (HTTP only).</summary>
    public string? HttpRoute { get; }

    /// <summary>The allowed methods; empty means any (HTTP only).</summary>
    public IReadOnlyList<string> HttpMethods { get; } = [];

    /// <summary>The declared authLevel (HTTP only). The test host does not check keys.</summary>
    public string? AuthLevel { get; }

    /// <summary>The metadata sent back in this function's FunctionLoadRequest.</summary>
    internal RpcFunctionMetadata Metadata { get; }

    /// <summary>Builds the function and its load metadata from one entry of the worker's metadata response.</summary>
    internal static HostedFunction FromWorkerMetadata(RpcFunctionMetadata indexed, string appDirectory)
    {
        var bindings = indexed.RawBindings.Select(raw => JsonNode.Parse(raw)!.AsObject()).ToList();

        // What the host's GrpcWorkerChannel puts in FunctionLoadRequest.metadata (see HostBehaviour.LoadMetadata).
        var load = HostBehaviour.LoadMetadata(indexed, bindings, appDirectory);
        return new HostedFunction(indexed, load, bindings);
    }
}
