using System.Text.Json.Nodes;
using AuthFunctions.Tests.FunctionsHost.Rpc;
using Google.Protobuf.WellKnownTypes;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>
/// Every behaviour the test host copies from the real Functions host (Azure/azure-functions-host, 2024-10
/// snapshot, and the WebJobs extensions), in one class split by stage. Each member names the host source it
/// mirrors; anything else in FunctionsTestHost is plumbing. Change these only with the host's code in hand.
/// </summary>
internal static partial class HostBehaviour
{
    /// <summary>RpcWorkerContext.cs: the max message length the host passes; the worker uses it as the channel limit.</summary>
    public const int GrpcMaxMessageLength = int.MaxValue;

    /// <summary>GrpcWorkerChannel.cs: the host's version string. The worker does not read it; this one looks like v4.</summary>
    public const string HostVersion = "4.1041.200.0";

    /// <summary>GrpcWorkerChannel.cs / RpcWorkerProcess.cs: the grace period in WorkerTerminate, and how long the host waits.</summary>
    public static readonly TimeSpan TerminateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// RpcWorkerContext.GetFormattedArguments: the switches after the executable and worker path. The worker reads only the
    /// four <c>functions-*</c> ones; the older ones are kept because the host still sends them.
    /// </summary>
    public static IEnumerable<string> WorkerArguments(int grpcPort, string workerId, string requestId) =>
    [
        "--host", "127.0.0.1",
        "--port", grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--workerId", workerId,
        "--requestId", requestId,
        "--grpcMaxMessageLength", GrpcMaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--functions-uri", $"http://127.0.0.1:{grpcPort}/",
        "--functions-worker-id", workerId,
        "--functions-request-id", requestId,
        "--functions-grpc-max-message-length", GrpcMaxMessageLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    /// <summary>
    /// RpcWorkerProcess.cs sets the first three; the rest Core Tools and the platform provide (the runtime name, the
    /// script root, the environment name). <c>GrpcFunctionDefinition</c> resolves script_file against the two
    /// directories, and the ASP.NET Core integration reads host.json's routePrefix from the application directory.
    /// </summary>
    public static Dictionary<string, string?> WorkerEnvironment(string appDirectory, string hostingEnvironment) => new()
    {
        ["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory,
        ["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory,
        ["FUNCTIONS_WORKER_RUNTIME_VERSION"] = $"{Environment.Version.Major}.0",
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        ["AzureWebJobsScriptRoot"] = appDirectory,
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = hostingEnvironment,
    };

    /// <summary>GrpcWorkerChannel.SendWorkerInitRequest: what the host offers. Worker 2.52.0 ignores the capabilities.</summary>
    public static WorkerInitRequest InitRequest(string appDirectory) => new()
    {
        HostVersion = HostVersion,
        Capabilities = { ["MultiStream"] = "10" },
        WorkerDirectory = appDirectory,
        FunctionAppDirectory = appDirectory,
    };

    /// <summary>
    /// GrpcWorkerChannel.GetFunctionLoadRequest with GrpcMessageConversionExtensions.ToBindingInfo: the load metadata is
    /// rebuilt from the indexed metadata; bindings are keyed by name with type, direction and data type.
    /// </summary>
    public static RpcFunctionMetadata LoadMetadata(RpcFunctionMetadata indexed, IEnumerable<JsonObject> bindings, string appDirectory)
    {
        var load = new RpcFunctionMetadata
        {
            Name = indexed.Name,
            Directory = string.IsNullOrEmpty(indexed.Directory) ? appDirectory : indexed.Directory,
            ScriptFile = indexed.ScriptFile,
            EntryPoint = indexed.EntryPoint,
            FunctionId = indexed.FunctionId,
            IsProxy = false,
        };
        load.Properties.Add(indexed.Properties);

        foreach (var binding in bindings)
        {
            var info = new BindingInfo
            {
                Type = (string?)binding["type"] ?? "",
                Direction = ParseEnum((string?)binding["direction"], BindingInfo.Types.Direction.In),
                DataType = ParseEnum((string?)binding["dataType"], BindingInfo.Types.DataType.Undefined),
            };
            if (binding["properties"] is JsonObject properties)
            {
                foreach (var (key, value) in properties)
                {
                    info.Properties[key] = value?.ToString() ?? "";
                }
            }

            load.Bindings[(string?)binding["name"] ?? ""] = info;
        }

        return load;
    }

    /// <summary>GrpcWorkerChannel.cs: the terminate message the host sends before it waits for the process to exit.</summary>
    public static WorkerTerminate Terminate() => new() { GracePeriod = Duration.FromTimeSpan(TerminateGracePeriod) };

    private static T ParseEnum<T>(string? text, T fallback)
        where T : struct, System.Enum =>
        System.Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : fallback;
}
