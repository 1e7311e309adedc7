// A thin owner of libxml2's xmlTextWriter writing to memory. libxml2 does the escaping;
// this class adds ownership, error collection and MarkupSafe on every string, so no input can
// produce an ill-formed document.
#pragma once

#include <libxml/xmlwriter.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sandcheck::reports {

class XmlWriter {
 public:
  // An indented UTF-8 document with its XML declaration already written.
  static Result<XmlWriter> Create();

  void StartElement(std::string_view name);
  void Attribute(std::string_view name, std::string_view value);
  void Text(std::string_view text);
  void EndElement();
  // Closes what is still open and returns the document, or the first libxml2 failure.
  Result<std::string> Finish() &&;

 private:
  struct BufferDeleter {
    void operator()(xmlBuffer* buffer) const { xmlBufferFree(buffer); }
  };
  struct WriterDeleter {
    void operator()(xmlTextWriter* writer) const { xmlFreeTextWriter(writer); }
  };

  XmlWriter(std::unique_ptr<xmlBuffer, BufferDeleter> buffer,
            std::unique_ptr<xmlTextWriter, WriterDeleter> writer)
      : buffer_(std::move(buffer)), writer_(std::move(writer)) {}
  void Check(int rc, std::string_view operation, std::string_view name);

  // Declared first so it is destroyed last: the writer flushes into it when freed.
  std::unique_ptr<xmlBuffer, BufferDeleter> buffer_;
  std::unique_ptr<xmlTextWriter, WriterDeleter> writer_;
  std::string first_error_;
};

}  // namespace sandcheck::reports
