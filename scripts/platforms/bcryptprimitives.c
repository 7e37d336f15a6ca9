// bcryptprimitives.dll for wine 8, which does not have it. Rust's standard
// library for Windows draws its random bytes from ProcessPrng, which this
// DLL exports on Windows 10 and later; here it forwards to BCryptGenRandom,
// which wine implements. Built with zig by scripts/test-platforms.js into
// its private wine prefix, for the harness only: it is never shipped.
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
    if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
