using AuthFunctions.Hosting;

return StartupErrors.Run(() => WorkerHost.IsLaunchedByFunctionsHost(args) ? WorkerHost.Create(args) : LocalHost.Create(args));
