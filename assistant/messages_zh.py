"""Chinese text for every error code (assistant/errors.py), for the page and WeChat.

Placeholders are filled from the error's `params`. A question's Chinese is exactly the Chinese half
of its bilingual message.
"""

from __future__ import annotations

from .errors import PolicyAssistantError

MESSAGES_ZH: dict[str, str] = {
    "error": "处理时出错，请稍后重试。",
    # the question
    "question_invalid": "无法处理这个问题，请修改后重试。",
    "question_not_text": "问题必须是文本。",
    "question_bad_encoding": "问题包含无效的字符编码，请重新输入。",
    "question_bad_characters": "问题包含无法识别的控制字符或私有区字符（{chars}），请删除后重试。",
    "question_empty": "问题为空，请输入要查询的内容。",
    "question_too_long": "问题过长（{length}字），请控制在{limit}字以内。",
    "question_no_user_message": "messages 中没有用户消息。",
    # files and uploads
    "file_unreadable": "无法读取文件",
    "file_unsupported": "不支持的格式 {format!r}（支持：{supported}）",
    "file_not_found": "找不到文件",
    "file_empty": "文件为空",
    "file_binary": "不是文本文件（二进制内容）",
    "file_no_text": "文件中没有可用的文字",
    "pdf_encrypted": "PDF 已加密",
    "pdf_no_text_layer": "PDF 没有文字层（可能是扫描件），暂不支持 OCR",
    "file_parse_failed": "无法解析文件的结构",
    "file_duplicate": "与已收录的 {name} 内容相同",
    "file_too_large": "文件过大（{size_mb} MB，上限为 {limit_mb} MB）",
    "upload_key_required": "需要正确的上传密钥",
    # the index
    "index_unavailable": "索引暂不可用，请联系管理员。",
    "index_missing": "尚未建立索引，请联系管理员运行 policy-assistant ingest。",
    "index_damaged": "索引已损坏，请联系管理员重建（policy-assistant ingest --rebuild）。",
    "index_version_mismatch": "索引由其他版本建立，请联系管理员重建（policy-assistant ingest --rebuild）。",
    "index_embedder_mismatch": "索引与当前配置的向量模型不符，请联系管理员重建索引。",
    "ingest_busy": "另一个收录任务正在写入索引，请稍后再试。",
    # models
    "embedder_unavailable": "向量模型无法运行，请联系管理员。",
    "embedder_not_installed": "向量模型未安装，请联系管理员。",
    "embedder_model_unavailable": "向量模型无法加载，请联系管理员。",
    "embedder_config_invalid": "向量模型配置有误（POLICY_ASSISTANT_EMBEDDER），请联系管理员。",
    "reranker_unavailable": "重排序模型无法加载，请联系管理员。",
    "llm_unavailable": "大模型不可用，请联系管理员。",
    "llm_not_installed": "大模型模式所需的组件未安装，请联系管理员。",
    "llm_not_configured": "大模型模式缺少地址或模型名称，请联系管理员。",
    "llm_prompts_missing": "找不到大模型提示词文件，请联系管理员。",
    "llm_prompt_invalid": "大模型提示词文件有误，请联系管理员。",
    # tools
    "dataset_invalid": "评测数据文件有误。",
    "usage_error": "命令有误。",
    "document_not_found": "找不到该文件。",
    "history_file_invalid": "对话历史文件有误。",
}


def message_zh(error: PolicyAssistantError) -> str:
    """The error's Chinese text, by its code; its English message where there is none."""
    template = MESSAGES_ZH.get(error.code)
    if template is None:
        return str(error)
    try:
        return template.format(**error.params)
    except (KeyError, IndexError, ValueError):  # a raise site that did not give the values the text names
        return str(error)
