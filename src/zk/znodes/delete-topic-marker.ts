// /admin/delete_topics/<topic> — P, null data: a request to delete the topic, watched by the controller.

import { DELETE_TOPICS_PATH, checkPathSegment } from './paths';

export function deleteTopicMarkerPath(topic: string): string {
  return `${DELETE_TOPICS_PATH}/${checkPathSegment('topic name', topic)}`;
}
