#include "runtime/engine/resident_entry.h"

namespace edgerun::engine {

ResidentEntry::ResidentEntry(uv_loop_t* loop, v8::Isolate* isolate)
    : isolate_(isolate), prepare_(new uv_prepare_t) {
  uv_prepare_init(loop, prepare_);
  prepare_->data = this;
  // Only a reason to leave the isolate, never one to keep the loop running.
  uv_unref(reinterpret_cast<uv_handle_t*>(prepare_));
}

ResidentEntry::~ResidentEntry() {
  Leave();
  uv_close(reinterpret_cast<uv_handle_t*>(prepare_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_prepare_t*>(h); });
}

bool ResidentEntry::EnterForTask() {
  v8::Isolate* current = v8::Isolate::TryGetCurrent();
  if (current == isolate_) return false;  // resident already, or inside a scope of ours
  isolate_->Enter();
  if (current != nullptr) return true;
  resident_ = true;
  uv_prepare_start(prepare_, &ResidentEntry::OnPrepare);
  return false;
}

void ResidentEntry::Leave() {
  if (!resident_) return;
  resident_ = false;
  uv_prepare_stop(prepare_);
  isolate_->Exit();
}

void ResidentEntry::OnPrepare(uv_prepare_t* prepare) {
  static_cast<ResidentEntry*>(prepare->data)->Leave();
}

}  // namespace edgerun::engine
