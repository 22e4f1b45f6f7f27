// The access log of `edgerun dev`: one line per finished request on stdout, coloured by status
// only when stdout is a terminal; or one JSON object per line for machines.
#pragma once

#include "runtime/http/server.h"

namespace edgerun::host {

void WritePrettyAccessLine(const http::AccessRecord& record);
void WriteJsonAccessLine(const http::AccessRecord& record);

}  // namespace edgerun::host
