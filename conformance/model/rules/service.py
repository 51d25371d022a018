"""Service RPCs: GetVersion, CheckHealth, Connect, GetComponentStates, CalcDistance."""

from __future__ import annotations

from ..errors import DATABASE_NOT_FOUND
from .common import M235
from .evidence import master, older_line
from .registry import error, semantic, success

_IMPL = "internal/proxy/impl.go"

success("GetVersion/answers", "GetVersion answers Success", evidence=(master(_IMPL, "Proxy.GetVersion"), M235))
semantic("GetVersion/names-version", "GetVersion names a version (a non-empty string)",
         evidence=(older_line("internal/distributed/proxy/service.go", "Server.GetVersion",
                              "6d0f2e27124619a72243557130be8fe00aef8cc4", "pre-2.6",
                              "the gRPC wrapper answers Version = os.Getenv(GitBuildTagsEnvKey); the proxy's own "
                              "GetVersion (master impl.go) leaves it empty"),
                   master(_IMPL, "Proxy.GetVersion", "Status Success; the version comes from the gRPC wrapper"), M235))
success("CheckHealth/answers", "CheckHealth answers Success", evidence=(master(_IMPL, "CheckHealth"), M235))
semantic("CheckHealth/healthy", "a serving server reports isHealthy=true", evidence=(master(_IMPL, "CheckHealth"), M235))
success("Connect/answers", "Connect answers Success with server_info and an identifier",
        evidence=(master(_IMPL, "Connect"), M235))
error("Connect/missing-database", "Connect while the request's dbName metadata names a database that does not exist",
      DATABASE_NOT_FOUND, "database not found[database={db}]",
      evidence=master(_IMPL, "Connect", "WrapErrAsInputError(WrapErrDatabaseNotFound(db))"), input_error=True)
success("GetComponentStates/answers", "GetComponentStates answers Success",
        evidence=master(_IMPL, "GetComponentStates"))
semantic("GetComponentStates/healthy", "a serving proxy reports state_code Healthy",
         evidence=master(_IMPL, "GetComponentStates", "ComponentInfo{NodeID, Role 'proxy', StateCode}"))
error("CalcDistance/deprecated", "CalcDistance answers ServiceUnavailable for any request (deprecated)", 2,
      "CalcDistance deprecated",
      evidence=(master(_IMPL, "CalcDistance", "merr.WrapErrServiceUnavailable('CalcDistance deprecated')"), M235))
